//! The allocator the `netform` binary runs on: mimalloc, told to keep the memory a run frees.
//!
//! Rendering a large network makes millions of small allocations; glibc's malloc spent a third
//! of the time on them. mimalloc by default returns freed memory to the OS after a delay (1 s in v3), and a
//! large run frees and allocates again all the time (each CloudFormation template is built and
//! then dropped), so the kernel zeroed the same pages over and over: half of the time at
//! 10,000 spokes. netform is a short-lived process, whose memory goes back to the OS when it
//! exits, so it keeps what it frees instead (docs/performance.md).

/// mimalloc's `mi_option_purge_delay`: in `enum mi_option_e` of mimalloc's header (v2 and v3
/// alike) the option just before `mi_option_use_numa_nodes`, which libmimalloc-sys names (it
/// does not name this one). The header: "memory purging is delayed by N milli seconds; use 0
/// for immediate purging or -1 for no purging at all".
const PURGE_DELAY: libmimalloc_sys::mi_option_t = libmimalloc_sys::mi_option_use_numa_nodes - 1;

/// Keeps freed memory for the rest of the process instead of returning it to the OS. Call it
/// first thing in `main` of a binary whose global allocator is `mimalloc::MiMalloc`.
pub fn keep_freed_memory() {
    // SAFETY: mi_option_set only stores the option's value; any value is valid for this
    // option, and -1 means never purge.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option is purge_delay: its default is 1000 ms in the mimalloc v3 that
    /// libmimalloc-sys builds by default (options.c; the options next to it default to 1 and
    /// 0), and it is -1 once set. Nothing else in the test binary sets it.
    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // SAFETY: reading an option has no preconditions.
        let before = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(
            before, 1000,
            "mimalloc v3's purge delay defaults to 1000 ms"
        );
        keep_freed_memory();
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, -1);
    }
}
