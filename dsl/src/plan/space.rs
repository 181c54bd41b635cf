//! Address space of either family, planned by offset from its start: an IPAM pool (whose
//! CIDR may only be known at deploy time, such as Amazon-provided IPv6) or a VPC's IPv6 block
//! (always chosen by AWS). The [`Allocator`] does the work on a stand-in IPv4 `0.0.0.0/0`:
//! a block of `/q` inside a space of `/p` is a stand-in `/(q - p)`, so any space can be
//! planned down to 32 levels below its own prefix, which covers every size AWS allows
//! (a /8 pool of /40 pools, a /44 IPv6 VPC block of /64 subnets).

use super::Allocator;
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// How many prefix levels below its own a [`Space`] can plan.
pub const MAX_DEPTH: u8 = 32;

/// A block of `/prefix` addresses of a family `width` bits wide, planned by offset.
#[derive(Debug, Clone)]
pub struct Space {
    prefix: u8,
    width: u8,
    stand_in: Allocator,
    allocations: usize,
}

impl Space {
    /// The whole of a `/prefix` block of a `width`-bit family (32 or 128), free.
    pub fn new(prefix: u8, width: u8) -> Self {
        Self {
            prefix,
            width,
            stand_in: Allocator::new(Ipv4Net::default()),
            allocations: 0,
        }
    }

    /// The block's prefix length.
    pub fn prefix(&self) -> u8 {
        self.prefix
    }

    /// Whether a `/prefix` block can be planned here at all (not larger than the space, not
    /// more than `MAX_DEPTH` levels below it, not beyond the family's width).
    pub fn fits(&self, prefix: u8) -> bool {
        prefix >= self.prefix && prefix - self.prefix <= MAX_DEPTH && prefix <= self.width
    }

    /// The lowest free aligned `/prefix`, now taken, as an offset in addresses from the
    /// block's start; `None` if none is left or it cannot be planned here.
    pub fn allocate(&mut self, prefix: u8) -> Option<u128> {
        if !self.fits(prefix) {
            return None;
        }
        let block = self.stand_in.allocate(prefix - self.prefix)?;
        self.allocations += 1;
        Some(self.to_offset(u32::from(block.network())))
    }

    /// Takes the `/prefix` at `offset` out of the free space (a pinned block). Whatever part
    /// of it is already taken stays taken.
    pub fn reserve(&mut self, offset: u128, prefix: u8) {
        let prefix = prefix.max(self.prefix);
        if prefix - self.prefix > MAX_DEPTH {
            // Finer than the stand-in can hold: take the enclosing block of the deepest level.
            return self.reserve(offset, self.prefix + MAX_DEPTH);
        }
        let start = self.to_stand_in(offset);
        let net = Ipv4Net::new(Ipv4Addr::from(start), prefix - self.prefix)
            .expect("depth is at most 32")
            .trunc();
        self.stand_in.reserve(net);
        self.allocations += 1;
    }

    /// How many addresses the whole block holds (`u128::MAX` for the whole IPv6 space,
    /// one short of its 2^128).
    pub fn size(&self) -> u128 {
        1u128
            .checked_shl(u32::from(self.width - self.prefix))
            .unwrap_or(u128::MAX)
    }

    /// How many addresses are still free.
    pub fn free(&self) -> u128 {
        self.scale(u128::from(self.stand_in.free_addresses()))
    }

    /// How many blocks were taken (allocated or reserved).
    pub fn allocations(&self) -> usize {
        self.allocations
    }

    /// How many more `/prefix` blocks would fit if the free space were contiguous (an upper
    /// bound, for messages).
    pub fn room_for(&self, prefix: u8) -> u128 {
        if prefix < self.prefix || prefix > self.width {
            return 0;
        }
        let free = self.free();
        free.checked_shr(u32::from(self.width - prefix))
            .unwrap_or(u128::from(free == u128::MAX))
    }

    /// How many `/prefix` blocks the whole block holds.
    pub fn holds(&self, prefix: u8) -> u128 {
        if prefix < self.prefix || prefix > self.width {
            return 0;
        }
        1u128
            .checked_shl(u32::from(prefix - self.prefix))
            .unwrap_or(u128::MAX)
    }

    /// Stand-in units (2^32 of them span the block) to addresses.
    fn scale(&self, units: u128) -> u128 {
        let bits = i32::from(self.width) - 32 - i32::from(self.prefix);
        if bits >= 0 {
            // At most 2^32 units of 2^96 addresses: saturates only for the whole IPv6 space.
            units.saturating_mul(1u128 << bits)
        } else {
            units >> -bits
        }
    }

    fn to_offset(&self, stand_in_start: u32) -> u128 {
        self.scale(u128::from(stand_in_start))
    }

    fn to_stand_in(&self, offset: u128) -> u32 {
        let bits = i32::from(self.width) - 32 - i32::from(self.prefix);
        let units = if bits >= 0 {
            offset >> bits
        } else {
            offset << -bits
        };
        u32::try_from(units).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_offsets_are_addresses() {
        // 10.0.0.0/16 planned by offset: the first /20 at 0, the next at 4096.
        let mut space = Space::new(16, 32);
        assert_eq!(space.allocate(20), Some(0));
        assert_eq!(space.allocate(20), Some(4096));
        assert_eq!(space.free(), 65_536 - 2 * 4096);
        assert_eq!(space.room_for(20), 14);
    }

    #[test]
    fn ipv6_subnets_of_a_56() {
        let mut space = Space::new(56, 128);
        assert_eq!(space.allocate(64), Some(0));
        assert_eq!(space.allocate(60), Some(16 << 64));
        assert_eq!(space.allocate(64), Some(1 << 64));
        assert_eq!(space.room_for(64), 256 - 18);
    }

    #[test]
    fn reserved_blocks_are_skipped() {
        let mut space = Space::new(8, 32);
        space.reserve(0, 12);
        assert_eq!(space.allocate(12), Some(1 << 20));
    }

    #[test]
    fn the_whole_ipv6_space_saturates() {
        let mut space = Space::new(0, 128);
        assert_eq!(space.size(), u128::MAX);
        assert_eq!(space.free(), u128::MAX);
        assert_eq!(space.allocate(8), Some(0));
        assert_eq!(space.allocate(8), Some(1 << 120));
    }

    #[test]
    fn too_deep_or_too_large_is_refused() {
        let mut space = Space::new(8, 128);
        assert!(!space.fits(56));
        assert_eq!(space.allocate(56), None);
        assert_eq!(space.allocate(4), None);
    }
}
