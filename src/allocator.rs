//! Settings for mimalloc, the binary's allocator (`src/main.rs`).
//!
//! A check frees a lot of memory while it runs: pest's token queue grows
//! by doubling for every file and is dropped when the file's tree is built.
//! mimalloc by default gives freed memory back to the operating system
//! after a short delay, so the next file's queue takes fresh pages, which
//! the kernel has to zero. `ropa` is a short-lived process: keeping freed
//! memory for reuse cost no peak memory on the 100 000-dataset model and
//! saved 0.2 to 0.6 s of system time (docs/performance.md).

/// `mi_option_purge_delay` in mimalloc's `mi_option_t` (the same value in
/// mimalloc 2 and 3; `libmimalloc-sys` does not name it).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Tells mimalloc never to return freed memory to the system during the
/// run. Harmless when mimalloc is not the global allocator (the tests).
pub fn keep_freed_memory() {
    // SAFETY: `mi_option_set` only stores a value in mimalloc's option
    // table; it takes no pointer and is safe to call at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
}
