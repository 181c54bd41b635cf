//! A first-fit IPv4 allocator inside one block, behind a small interface (after AWS CDK's
//! `IpAddresses`). It keeps the free space as aligned blocks per prefix length (a buddy
//! allocator that never frees), so each allocation or reservation costs O(32 log n), and the
//! block it hands out is always the lowest-addressed free aligned one of the asked size.

use ipnet::Ipv4Net;
use std::collections::BTreeSet;
use std::net::Ipv4Addr;

/// Hands out aligned CIDRs from one IPv4 block, lowest address first.
#[derive(Debug, Clone)]
pub struct Allocator {
    block: Ipv4Net,
    /// `free[p]`: start addresses of the free aligned `/p` blocks.
    free: Vec<BTreeSet<u64>>,
    free_addresses: u64,
}

fn size(prefix: u8) -> u64 {
    1u64 << (32 - u32::from(prefix))
}

fn net(start: u64, prefix: u8) -> Ipv4Net {
    let addr = Ipv4Addr::from(u32::try_from(start).expect("addresses stay within IPv4"));
    Ipv4Net::new(addr, prefix).expect("prefix is at most 32")
}

fn start_of(net: Ipv4Net) -> u64 {
    u64::from(u32::from(net.network()))
}

impl Allocator {
    /// An allocator whose whole `block` is free.
    pub fn new(block: Ipv4Net) -> Self {
        let block = block.trunc();
        let mut free = vec![BTreeSet::new(); 33];
        free[usize::from(block.prefix_len())].insert(start_of(block));
        Self {
            block,
            free,
            free_addresses: size(block.prefix_len()),
        }
    }

    /// The block this allocator hands out from.
    pub fn block(&self) -> Ipv4Net {
        self.block
    }

    /// How many addresses are still free.
    pub fn free_addresses(&self) -> u64 {
        self.free_addresses
    }

    /// The lowest free aligned `/prefix`, now taken; `None` if none is left.
    pub fn allocate(&mut self, prefix: u8) -> Option<Ipv4Net> {
        if prefix > 32 || prefix < self.block.prefix_len() {
            return None;
        }
        let (start, level) = (self.block.prefix_len()..=prefix)
            .filter_map(|q| self.free[usize::from(q)].first().map(|s| (*s, q)))
            .min()?;
        self.free[usize::from(level)].remove(&start);
        // Split down to the asked size, keeping the low half each time.
        for q in level + 1..=prefix {
            self.free[usize::from(q)].insert(start + size(q));
        }
        self.free_addresses -= size(prefix);
        Some(net(start, prefix))
    }

    /// Takes `cidr` out of the free space (a pinned block that allocations must avoid).
    /// Whatever part of it is already taken stays taken; overlaps are the validator's to report.
    pub fn reserve(&mut self, cidr: Ipv4Net) {
        let cidr = cidr.trunc();
        if cidr.contains(&self.block) {
            self.free.iter_mut().for_each(BTreeSet::clear);
            self.free_addresses = 0;
            return;
        }
        if !self.block.contains(&cidr) {
            return; // disjoint: CIDRs either nest or do not meet
        }
        let (start, prefix) = (start_of(cidr), cidr.prefix_len());
        // Either one free block contains the whole reservation...
        for level in self.block.prefix_len()..=prefix {
            let ancestor = start & !(size(level) - 1);
            if self.free[usize::from(level)].remove(&ancestor) {
                for q in level + 1..=prefix {
                    let half = size(q);
                    let sibling = if start & half == 0 {
                        (start & !(size(q - 1) - 1)) + half
                    } else {
                        start & !(size(q - 1) - 1)
                    };
                    self.free[usize::from(q)].insert(sibling);
                }
                self.free_addresses -= size(prefix);
                return;
            }
        }
        // ...or the free blocks inside it are smaller than it.
        let end = start + size(prefix);
        for q in prefix + 1..=32 {
            let inside: Vec<u64> = self.free[usize::from(q)]
                .range(start..end)
                .copied()
                .collect();
            for s in inside {
                self.free[usize::from(q)].remove(&s);
                self.free_addresses -= size(q);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cidr(s: &str) -> Ipv4Net {
        s.parse().unwrap()
    }

    #[test]
    fn allocates_lowest_first_and_fills_gaps() {
        let mut a = Allocator::new(cidr("10.0.0.0/16"));
        assert_eq!(a.allocate(24), Some(cidr("10.0.0.0/24")));
        assert_eq!(a.allocate(20), Some(cidr("10.0.16.0/20")));
        assert_eq!(a.allocate(24), Some(cidr("10.0.1.0/24")));
        assert_eq!(a.free_addresses(), 65536 - 256 * 2 - 4096);
    }

    #[test]
    fn reservations_are_avoided() {
        let mut a = Allocator::new(cidr("10.0.0.0/16"));
        a.reserve(cidr("10.0.0.0/17"));
        assert_eq!(a.allocate(18), Some(cidr("10.0.128.0/18")));
        a.reserve(cidr("10.0.192.0/24"));
        assert_eq!(a.allocate(18), None);
        assert_eq!(a.allocate(24), Some(cidr("10.0.193.0/24")));
    }

    #[test]
    fn reserving_over_allocations_takes_only_free_space() {
        let mut a = Allocator::new(cidr("10.0.0.0/24"));
        a.allocate(26).unwrap();
        a.reserve(cidr("10.0.0.0/25"));
        assert_eq!(a.free_addresses(), 128);
        a.reserve(cidr("0.0.0.0/0"));
        assert_eq!(a.free_addresses(), 0);
        assert_eq!(a.allocate(28), None);
    }

    #[test]
    fn refuses_prefixes_larger_than_the_block() {
        let mut a = Allocator::new(cidr("10.0.0.0/20"));
        assert_eq!(a.allocate(16), None);
        assert_eq!(a.allocate(20), Some(cidr("10.0.0.0/20")));
    }
}
