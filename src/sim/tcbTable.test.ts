// The TCP connection table: found by the four numbers through their hash, the same answers as by
// key, in the order connections were added, and connections sharing a hash told apart.
import { describe, expect, it } from 'vitest';
import { ipOrThrow } from './addr';
import { connectionHash, TcbTable, tcbKey, type TableConnection } from './tcbTable';
import { World } from './world';

function connection(
  localIp: number,
  localPort: number,
  remoteIp: number,
  remotePort: number,
): TableConnection {
  return {
    localIp,
    localPort,
    remoteIp,
    remotePort,
    key: tcbKey(localIp, localPort, remoteIp, remotePort),
    timer: null,
  };
}

/** Two connections to 10.0.0.x:80 whose four numbers mix to the same hash, 732,748,759 (172.16.x.x signed, as addr.ts keeps it). */
const first = connection(167772410, 80, 2886769323 | 0, 58632);
const second = connection(167772199, 80, 2886789076 | 0, 64893);

function find(table: TcbTable<TableConnection>, c: TableConnection): TableConnection | undefined {
  return table.get(c.localIp, c.localPort, c.remoteIp, c.remotePort);
}

describe('TcbTable', () => {
  it('finds a connection by its four numbers, and nothing for other numbers', () => {
    const table = new TcbTable<TableConnection>(new World(1));
    const a = connection(ipOrThrow('10.0.0.100'), 80, ipOrThrow('172.16.0.1'), 49152);
    const b = connection(ipOrThrow('10.0.0.100'), 80, ipOrThrow('172.16.0.1'), 49153);
    table.add(a);
    table.add(b);
    expect(find(table, a)).toBe(a);
    expect(find(table, b)).toBe(b);
    expect(table.get(ipOrThrow('10.0.0.100'), 80, ipOrThrow('172.16.0.1'), 49154)).toBeUndefined();
    expect(table.get(ipOrThrow('172.16.0.1'), 49152, ipOrThrow('10.0.0.100'), 80)).toBeUndefined(); // the other end's view
    table.delete(a);
    expect(find(table, a)).toBeUndefined();
    expect(find(table, b)).toBe(b);
    expect(table.size).toBe(1);
  });

  it('replaces a connection with the same four numbers in its place, keeping the order of adding', () => {
    const table = new TcbTable<TableConnection>(new World(1));
    const a = connection(1, 1, 2, 2);
    const b = connection(3, 3, 4, 4);
    const again = connection(1, 1, 2, 2);
    table.add(a);
    table.add(b);
    table.add(again);
    expect([...table.values()]).toEqual([again, b]);
    expect(find(table, a)).toBe(again);
    table.delete(a); // no longer the table's: nothing happens
    expect(table.size).toBe(2);
  });

  it('tells apart connections that share a hash, and finds the one left by the hash again', () => {
    expect(connectionHash(first.localIp, 80, first.remoteIp, first.remotePort)).toBe(732748759);
    expect(connectionHash(second.localIp, 80, second.remoteIp, second.remotePort)).toBe(732748759);
    const table = new TcbTable<TableConnection>(new World(1));
    table.add(first);
    expect(find(table, second)).toBeUndefined();
    table.add(second);
    expect(find(table, first)).toBe(first);
    expect(find(table, second)).toBe(second);
    table.delete(first);
    expect(find(table, first)).toBeUndefined();
    expect(find(table, second)).toBe(second);
    table.delete(second);
    expect(find(table, second)).toBeUndefined();
    expect(table.size).toBe(0);
  });

  it('lists connections in the order they were added while a hash is shared and after', () => {
    const table = new TcbTable<TableConnection>(new World(1));
    const between = connection(ipOrThrow('10.0.0.100'), 80, ipOrThrow('172.16.0.1'), 49152);
    const last = connection(ipOrThrow('10.0.0.100'), 80, ipOrThrow('172.16.0.1'), 49153);
    table.add(first);
    table.add(between);
    table.add(second); // shares first's hash
    expect([...table.values()]).toEqual([first, between, second]);
    table.add(last);
    table.delete(first); // no hash shared any more
    expect([...table.values()]).toEqual([between, second, last]);
    expect(find(table, second)).toBe(second);
    table.add(first);
    expect([...table.values()]).toEqual([between, second, last, first]);
    expect(table.size).toBe(4);
    table.clear();
    expect(table.size).toBe(0);
    expect([...table.values()]).toEqual([]);
  });

  it('replaces one of the connections sharing a hash without counting it twice', () => {
    const table = new TcbTable<TableConnection>(new World(1));
    const again = connection(first.localIp, 80, first.remoteIp, first.remotePort);
    table.add(first);
    table.add(second);
    table.add(again);
    expect(table.has(first)).toBe(false);
    expect(table.has(again)).toBe(true);
    expect([...table.values()]).toEqual([again, second]);
    table.delete(first); // replaced: nothing happens
    expect(table.size).toBe(2);
    table.delete(again);
    expect(find(table, second)).toBe(second);
    expect(table.has(second)).toBe(true);
    table.delete(second);
    expect(table.size).toBe(0);
  });
});
