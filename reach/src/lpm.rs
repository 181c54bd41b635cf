//! Longest prefix match over IPv4 routes: one hash map per prefix length in use, searched
//! from the longest length down, so a lookup costs one probe per distinct length (a route
//! table with a thousand propagated /21s and a default route costs two).

use ipnet::Ipv4Net;
use rustc_hash::FxHashMap;
use std::net::Ipv4Addr;

/// The routes of one prefix length, by network address.
type OfLength<T> = FxHashMap<u32, (Ipv4Net, T)>;

/// Routes by destination, each carrying a `T`.
#[derive(Debug, Clone)]
pub(crate) struct Lpm<T> {
    /// (prefix length, routes of that length by network address), longest first.
    by_len: Vec<(u8, OfLength<T>)>,
}

impl<T> Default for Lpm<T> {
    fn default() -> Self {
        Self { by_len: Vec::new() }
    }
}

impl<T> Lpm<T> {
    /// Adds a route; an existing route to the same destination stays unless `replace`.
    pub(crate) fn insert(&mut self, net: Ipv4Net, value: T, replace: bool) {
        let net = net.trunc();
        let len = net.prefix_len();
        let at = match self.by_len.iter().position(|(l, _)| *l <= len) {
            Some(i) if self.by_len[i].0 == len => i,
            Some(i) => {
                self.by_len.insert(i, (len, FxHashMap::default()));
                i
            }
            None => {
                self.by_len.push((len, FxHashMap::default()));
                self.by_len.len() - 1
            }
        };
        let map = &mut self.by_len[at].1;
        let key = u32::from(net.network());
        if replace || !map.contains_key(&key) {
            map.insert(key, (net, value));
        }
    }

    /// The most specific route containing `addr`.
    pub(crate) fn lookup(&self, addr: Ipv4Addr) -> Option<&(Ipv4Net, T)> {
        let addr = u32::from(addr);
        self.by_len.iter().find_map(|(len, map)| {
            let mask = if *len == 0 { 0 } else { u32::MAX << (32 - len) };
            map.get(&(addr & mask))
        })
    }

    /// The route to exactly `net`.
    pub(crate) fn get(&self, net: ipnet::Ipv4Net) -> Option<&T> {
        let (_, map) = self.by_len.iter().find(|(l, _)| *l == net.prefix_len())?;
        map.get(&u32::from(net.network())).map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_prefix_wins_and_the_first_route_stays() {
        let mut lpm = Lpm::default();
        lpm.insert("0.0.0.0/0".parse().unwrap(), "default", false);
        lpm.insert("10.0.0.0/8".parse().unwrap(), "internal", false);
        lpm.insert("10.0.8.0/21".parse().unwrap(), "spoke", false);
        lpm.insert("10.0.8.0/21".parse().unwrap(), "again", false);
        fn hit(lpm: &Lpm<&'static str>, a: &str) -> Option<&'static str> {
            lpm.lookup(a.parse().unwrap()).map(|(_, v)| *v)
        }
        assert_eq!(hit(&lpm, "10.0.9.1"), Some("spoke"));
        assert_eq!(hit(&lpm, "10.1.0.1"), Some("internal"));
        assert_eq!(hit(&lpm, "8.8.8.8"), Some("default"));
        lpm.insert("10.0.8.0/21".parse().unwrap(), "static", true);
        assert_eq!(hit(&lpm, "10.0.9.1"), Some("static"));
        assert_eq!(lpm.get("10.0.8.0/21".parse().unwrap()), Some(&"static"));
        assert_eq!(lpm.get("10.0.8.0/22".parse().unwrap()), None);
    }
}
