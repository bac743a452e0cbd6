// Dispatch overhead kernels.

// Timed kernel: one thread, no bindings, no work. With nothing bound, consecutive
// dispatches share no written buffer, so Dawn inserts no barriers between them and the
// pass time measures dispatch cost alone.
@compute @workgroup_size(1)
fn dispatch_empty() {
}

// Check kernel: the same dispatch shape, counting itself, to verify that N dispatches in
// one pass really all ran (the timed kernel has no output to check).
@group(0) @binding(0) var<storage, read_write> counter: atomic<u32>;

@compute @workgroup_size(1)
fn dispatch_count() {
  atomicAdd(&counter, 1u);
}
