import { describe, expect, it } from 'vitest';
import { nodeObject } from '../../../src/engine/bootstrap/nodes';
import { clusterCIDR, customPreset, MAX_NODES, nodeAddress, nodePodCIDR } from '../../../src/engine/presets';

describe('node addresses of large clusters', () => {
  it('node IPs continue through 172.18.0.0/16 in order, as Docker assigns them', () => {
    expect(nodeAddress(0)).toBe('172.18.0.2');
    expect(nodeAddress(1)).toBe('172.18.0.3');
    expect(nodeAddress(253)).toBe('172.18.0.255');
    expect(nodeAddress(254)).toBe('172.18.1.0');
    expect(nodeAddress(999)).toBe('172.18.3.233');
    expect(nodeAddress(4999)).toBe('172.18.19.137');
  });

  it("clusters of up to 256 nodes keep kind's 10.244.0.0/16, one /24 per node", () => {
    expect(clusterCIDR(256)).toBe('10.244.0.0/16');
    expect(nodePodCIDR(0, 3)).toBe('10.244.0.0/24');
    expect(nodePodCIDR(2, 3)).toBe('10.244.2.0/24');
    expect(nodePodCIDR(255, 256)).toBe('10.244.255.0/24');
  });

  it('larger clusters take their /24s in order from 10.128.0.0/11', () => {
    expect(clusterCIDR(257)).toBe('10.128.0.0/11');
    expect(nodePodCIDR(0, 1001)).toBe('10.128.0.0/24');
    expect(nodePodCIDR(255, 1001)).toBe('10.128.255.0/24');
    expect(nodePodCIDR(256, 1001)).toBe('10.129.0.0/24');
    expect(nodePodCIDR(4999, 5000)).toBe('10.147.135.0/24');
  });

  it('the Node objects of a 1,001-node preset carry those addresses', () => {
    const preset = customPreset({ nodes: 1001 });
    const facts = (index: number) => ({
      preset: preset.nodes[index]!,
      index,
      ip: nodeAddress(index),
      machineID: 'x',
    });
    const node = nodeObject(preset, facts(300)) as unknown as {
      spec: { podCIDR: string; podCIDRs: string[] };
    };
    expect(node.spec.podCIDR).toBe('10.129.44.0/24');
    expect(node.spec.podCIDRs).toEqual(['10.129.44.0/24']);
  });

  it(`a preset has at most ${MAX_NODES} nodes`, () => {
    expect(customPreset({ nodes: MAX_NODES }).nodes).toHaveLength(MAX_NODES);
    expect(() => customPreset({ nodes: MAX_NODES + 1 })).toThrow(/at most 5000 nodes are simulated/);
  });
});
