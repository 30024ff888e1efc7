// Ports for the browser tests' own servers: taken from the environment when set, else free ports the
// OS hands out, chosen once and written back to the environment so Playwright's workers agree.
import { execFileSync } from 'node:child_process';

/**
 * `count` distinct TCP ports free on 127.0.0.1 right now. Synchronous (the config is loaded
 * synchronously): a short-lived Node child holds every listener open until all are picked, so
 * the ports differ, then releases them.
 */
export function freePorts(count: number): number[] {
  const script = `
    const net = require('node:net');
    const servers = [];
    const next = () => {
      if (servers.length === ${count}) {
        process.stdout.write(servers.map((s) => s.address().port).join(' '));
        for (const s of servers) s.close();
        return;
      }
      const s = net.createServer();
      s.once('error', (e) => { console.error(e.message); process.exit(1); });
      s.listen(0, '127.0.0.1', () => { servers.push(s); next(); });
    };
    next();`;
  const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
  const ports = out.trim().split(/\s+/).map(Number);
  if (ports.length !== count || ports.some((p) => !Number.isInteger(p) || p <= 0)) {
    throw new Error(`Could not get ${count} free port(s) from the OS (got "${out.trim()}").`);
  }
  return ports;
}

function parsePort(name: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name}=${value} is not a TCP port (1–65535).`);
  }
  return port;
}

/**
 * One port per entry of `wanted`: `{ VAR: ['ALIAS', ...] }` uses $VAR, else the first alias set,
 * else a free port. Each result is stored in $VAR, so a process that inherits the environment
 * (a Playwright worker loading the config again) gets the same ports without asking the OS.
 */
export function e2ePorts<K extends string>(wanted: Record<K, readonly string[]>): Record<K, number> {
  const names = Object.keys(wanted) as K[];
  const result = {} as Record<K, number>;
  const missing: K[] = [];
  for (const name of names) {
    const source = [name, ...wanted[name]].find((n) => process.env[n]);
    if (source) result[name] = parsePort(source, process.env[source]!);
    else missing.push(name);
  }
  const taken = new Set(Object.values<number>(result));
  const fresh = missing.length > 0 ? freePorts(missing.length + taken.size).filter((p) => !taken.has(p)) : [];
  missing.forEach((name, i) => {
    result[name] = fresh[i]!;
  });
  const values = names.map((n) => result[n]);
  if (new Set(values).size !== values.length) {
    throw new Error(
      `The browser tests' servers need different ports: ${names.map((n) => `${n}=${result[n]}`).join(', ')}.`,
    );
  }
  for (const name of names) process.env[name] = String(result[name]);
  return result;
}
