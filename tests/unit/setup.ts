/**
 * Before every unit test file: load the workload kinds' lazily loaded parts (the
 * expression parser, kinds/define.ts `lazy`), as the page does once a workload is picked,
 * so tests may count and validate every kind synchronously.
 */
import { loadWorkloadKinds } from '../../src/model/workloads/kinds/index.ts';

await loadWorkloadKinds();
