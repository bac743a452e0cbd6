/**
 * Shader sources for the page: Vite inlines shaders/*.wgsl as strings (`?raw`).
 * Node reads the same files from disk (src/bench/node/shaders.ts).
 */
import fma from '../../../shaders/fma.wgsl?raw';
import fmaF16 from '../../../shaders/fma-f16.wgsl?raw';
import copy from '../../../shaders/copy.wgsl?raw';
import dispatch from '../../../shaders/dispatch.wgsl?raw';
import type { ShaderSources } from './step-context.ts';

export const browserShaders: ShaderSources = { fma, fmaF16, copy, dispatch };
