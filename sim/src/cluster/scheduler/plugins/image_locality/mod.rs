//! ImageLocality (`imagelocality/image_locality.go`, docs/SEMANTICS.md#k10): Σ over containers of
//! `size × nodesWithImage / totalNodes` for images on the node, clamped to
//! [23 MiB, 1000 MiB × containers] and scaled to 0..=100. No NormalizeScore.

use crate::cluster::model::{Node, Pod};

use crate::cluster::scheduler::{normalized_image_name, Cache};

use super::MAX_NODE_SCORE;

const MB: i64 = 1024 * 1024;
pub const MIN_THRESHOLD: i64 = 23 * MB;
pub const MAX_CONTAINER_THRESHOLD: i64 = 1000 * MB;

pub fn calculate_priority(sum: i64, num_containers: usize) -> i64 {
    let max_threshold = MAX_CONTAINER_THRESHOLD * num_containers as i64;
    let sum = if sum < MIN_THRESHOLD {
        MIN_THRESHOLD
    } else if sum > max_threshold {
        max_threshold
    } else {
        sum
    };
    MAX_NODE_SCORE * (sum - MIN_THRESHOLD) / (max_threshold - MIN_THRESHOLD)
}

/// The pod's normalized image names (init containers and containers), computed once per cycle.
pub fn pod_images(pod: &Pod) -> Vec<String> {
    pod.init_containers
        .iter()
        .chain(&pod.containers)
        .map(|c| normalized_image_name(&c.image))
        .collect()
}

pub fn score(images: &[String], node: &Node, cache: &Cache, total_nodes: usize) -> i64 {
    if total_nodes == 0 {
        return 0;
    }
    let mut sum: i64 = 0;
    if !node.images.is_empty() {
        for want in images {
            if let Some(state) = node
                .images
                .iter()
                .find(|im| im.names.iter().any(|n| normalized_image_name(n) == *want))
            {
                let spread = cache.image_nodes.get(want).copied().unwrap_or(1);
                sum += (state.size_bytes as f64 * spread as f64 / total_nodes as f64) as i64;
            }
        }
    }
    calculate_priority(sum, images.len())
}

#[cfg(test)]
mod tests {
    use super::MB;
    use crate::cluster::config::PluginName::ImageLocality;
    use crate::cluster::model::*;
    use crate::cluster::scheduler::testing::*;

    fn with_images(mut n: Node, images: &[(&str, i64)]) -> Node {
        n.images = images
            .iter()
            .map(|(name, size)| ImageState {
                names: vec![name.to_string()],
                size_bytes: *size,
            })
            .collect();
        n
    }
    fn with_containers(images: &[&str]) -> Pod {
        let mut p = pod("p");
        for im in images {
            p.containers.push(Container {
                name: im.to_string(),
                image: im.to_string(),
                ..Container::default()
            });
        }
        p.refresh_requests();
        p
    }

    // image_locality_test.go TestImageLocalityPriority "two images spread on two nodes, prefer the larger image one".
    #[test]
    fn larger_local_images_score_higher_scaled_by_their_spread() {
        let nodes = [
            with_images(
                node("node1", 1, 1),
                &[
                    ("gcr.io/40:latest", 40 * MB),
                    ("gcr.io/300:latest", 300 * MB),
                    ("gcr.io/2000:latest", 2000 * MB),
                ],
            ),
            with_images(
                node("node2", 1, 1),
                &[
                    ("gcr.io/250:latest", 250 * MB),
                    ("gcr.io/10:latest", 10 * MB),
                ],
            ),
        ];
        // Pod: gcr.io/40 and gcr.io/250 (each on one of two nodes → spread 1/2).
        // node1: 40MB/2 = 20MB → clamp 23MB → 0; node2: 125MB → 100*(125-23)/(2000-23) = 5.
        assert_eq!(
            score(
                ImageLocality,
                &with_containers(&["gcr.io/40", "gcr.io/250"]),
                &nodes,
                &[]
            ),
            Some(vec![0, 5])
        );
        // Pod: gcr.io/300 and gcr.io/2000 both on node1: (150+1000)MB → 100*(1150-23)/(2000-23) = 57.
        assert_eq!(
            score(
                ImageLocality,
                &with_containers(&["gcr.io/300", "gcr.io/2000"]),
                &nodes,
                &[]
            ),
            Some(vec![57, 0])
        );
    }
}
