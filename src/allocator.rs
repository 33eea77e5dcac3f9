//! Settings for mimalloc, the binary's allocator (`src/main.rs`).
//!
//! A check frees a lot of memory while it runs: pest's token queue is
//! made for every file (every piece of a large one, `syntax::parse`) and
//! dropped when its tree is built.
//! mimalloc by default gives freed memory back to the operating system
//! after a short delay, so the next file's queue takes fresh pages, which
//! the kernel has to zero. `ropa` is a short-lived process: keeping freed
//! memory for reuse cost no peak memory on the 100 000-dataset model and
//! saved 0.2 to 0.6 s of system time (docs/performance.md).
//!
//! mimalloc also asks the kernel for transparent huge pages (2 MB) for its
//! arenas. Partly used huge pages made the dense 100 000-dataset check
//! peak about 50 MB higher (635 MB against 587 MB on this project's
//! machine). Base pages cost more page faults: the same median wall time
//! on that model, up to a tenth of a second more on a model without
//! findings (docs/performance.md). Peak memory is what gets a CI job
//! killed, so the process turns huge pages off. mimalloc's own switch for
//! this (`allow_thp`) is read when its first arena is made, before `main`
//! runs, so the process asks the kernel directly.

/// `mi_option_purge_delay` in mimalloc's `mi_option_t` (the same value in
/// mimalloc 2 and 3; `libmimalloc-sys` does not name it).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Tells mimalloc never to return freed memory to the system during the
/// run, and the kernel not to back the process's memory with transparent
/// huge pages. Harmless when mimalloc is not the global allocator (the
/// tests), and wherever the kernel has no such switch.
pub fn tune() {
    // SAFETY: `mi_option_set` only stores a value in mimalloc's option
    // table; it takes no pointer and is safe to call at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
    no_huge_pages();
}

/// `prctl(PR_SET_THP_DISABLE, 1)`: from now on, the process's faults are
/// served with base pages, in mappings made before as well. A kernel that
/// refuses it leaves things as they were, which is only a matter of memory.
#[cfg(target_os = "linux")]
fn no_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes integers only and changes nothing
    // but a flag of this process.
    let _ = unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
}

#[cfg(not(target_os = "linux"))]
fn no_huge_pages() {}
