//! The deploy order of stacks (CloudFormation) or root modules (Terraform): Kahn's algorithm
//! over "must come after" edges, O(units + edges), deterministic.

use crate::error::{Error, ErrorKind};
use std::collections::BTreeSet;

/// Units `0..producers.len()` in an order where each comes after every unit in its
/// `producers` set; among the units ready at any step the lowest index goes first. A cycle is
/// [`ErrorKind::StackCycle`] naming (by `name`) every unit that could not be placed.
pub(crate) fn deploy_order(
    producers: Vec<BTreeSet<usize>>,
    name: impl Fn(usize) -> String,
) -> Result<Vec<usize>, Error> {
    let count = producers.len();
    let mut needs: Vec<usize> = vec![0; count];
    let mut feeds: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (consumer, mut producers) in producers.into_iter().enumerate() {
        producers.remove(&consumer);
        needs[consumer] = producers.len();
        for producer in producers {
            feeds[producer].push(consumer);
        }
    }
    let mut ready: BTreeSet<usize> = (0..count).filter(|&i| needs[i] == 0).collect();
    let mut order = Vec::with_capacity(count);
    while let Some(next) = ready.pop_first() {
        order.push(next);
        for &consumer in &feeds[next] {
            needs[consumer] -= 1;
            if needs[consumer] == 0 {
                ready.insert(consumer);
            }
        }
    }
    if order.len() < count {
        let placed: BTreeSet<usize> = order.iter().copied().collect();
        let stuck = (0..count)
            .filter(|i| !placed.contains(i))
            .map(name)
            .collect();
        return Err(ErrorKind::StackCycle(stuck).into());
    }
    Ok(order)
}
