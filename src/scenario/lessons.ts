// The built-in lessons, as data: each starts from a gallery preset and walks through steps of
// narration, actions for the lab to carry out, and predict-then-observe questions.
import type { ClusterId, HostAction, Lesson, LessonAction, LessonQuestion } from './types';

// Small builders keep the lesson text readable.
const run = (connections: number): LessonAction => ({ type: 'run', connections });
const play = (ms: number): LessonAction => ({ type: 'play', ms });
const preset = (presetId: string): LessonAction => ({ type: 'loadPreset', presetId });
const host = (cluster: ClusterId, hostIndex: number, action: HostAction): LessonAction => ({
  type: 'hostAction',
  cluster,
  hostIndex,
  action,
});
const ask = (
  prompt: string,
  choices: string[],
  answerIndex: number,
  explanation: string,
): LessonQuestion => ({
  prompt,
  choices,
  answerIndex,
  explanation,
});

/** Said wherever a lesson shows which bucket (and so which host) a client hashes to. */
export const HASH_IS_ILLUSTRATIVE =
  "NLB's real hash function is not public; VIP Lab uses its own, so which bucket and host a given client gets is illustrative.";

/** The lessons about Windows NLB (NLB.md). */
const NLB_LESSONS: Lesson[] = [
  {
    id: 'kb-q247768',
    title: 'KB Q247768: a client on a cluster host',
    presetId: 'kb-outside',
    steps: [
      {
        narration:
          'Three hosts run NLB in unicast mode behind one virtual IP, 10.0.0.100. A client outside the cluster, standing for many client addresses, connects to the VIP.',
        actions: [run(300)],
        question: ask(
          'Before they run: where will 300 connections to the VIP go?',
          [
            'All to Host 1, the default host',
            'Spread over all three hosts',
            'All to the host nearest the router',
          ],
          1,
          "Every host receives every frame for the VIP. Each host's NLB driver hashes the client address to a bucket, and only the bucket's owner accepts; the others drop the frame. Many addresses fill many buckets, so every host gets a share.",
        ),
      },
      {
        narration: 'Now the client application runs on Host 1 itself, and connects to the same VIP.',
        actions: [{ type: 'placeClient', location: { kind: 'host', cluster: 'A', hostIndex: 0 } }, run(300)],
        question: ask(
          'Where will its 300 connections go now?',
          ['Spread over all three hosts, as before', 'All to Host 1', 'Nowhere: they all fail'],
          1,
          "The VIP is one of Host 1's own addresses, so its TCP/IP stack loops the connection back. Nothing reaches the wire (Frames on the wire stays 0), so NLB's filter is never asked: no load balancing.",
        ),
      },
      {
        narration:
          'Stop the server application on Host 1. Hosts 2 and 3 are healthy and still serve the VIP.',
        actions: [host('A', 0, 'stopServer'), run(20)],
        question: ask(
          "What happens to the client's next connections?",
          ['Hosts 2 and 3 take them over', 'They fail', 'They wait for convergence, then succeed'],
          1,
          "No fault tolerance either: the connection never leaves Host 1, so the other hosts never see it. Host 1's stack finds no server listening and answers with a reset.",
        ),
      },
      {
        narration:
          "This is KB Q247768, 'by design' since WLBS 1.0 on Windows NT 4.0: a client on a cluster host that connects to its own cluster's VIP is always served by its own host, with no load balancing and no failover. The workarounds: connect to another host's dedicated IP, or put the server on a different cluster. The next lesson tries both.",
        actions: [],
      },
    ],
  },
  {
    id: 'workarounds',
    title: 'The two workarounds',
    presetId: 'workaround-dip',
    steps: [
      {
        narration:
          "Workaround 1: the client on Host 1 connects to Host 2's dedicated IP, 10.0.0.12, instead of the VIP. This cluster runs in multicast mode, so each host keeps its own MAC address and the hosts can reach each other.",
        actions: [run(100)],
        question: ask(
          'Which host serves these connections?',
          ['Host 1, through its loopback', 'Host 2, over the wire', 'All three, balanced'],
          1,
          'A dedicated IP belongs to one host, and NLB never balances it. The connection crosses the switch to Host 2. It works, but you pick the host yourself: no balancing, and no failover if Host 2 goes down.',
        ),
      },
      {
        narration:
          "The same in unicast mode, NLB's default, where every host's NIC gets the cluster MAC 02-BF-0A-00-00-64.",
        actions: [preset('unicast-dip-q197864'), run(10)],
        question: ask(
          "Does the client on Host 1 reach Host 2's dedicated IP now?",
          ['Yes, as in multicast mode', 'No: the connections fail'],
          1,
          'With one network adapter in unicast mode, every dedicated IP resolves to the same cluster MAC, and a frame to it never leaves the host that sends it: the hosts cannot reach each other (KB Q197864). Workaround 1 needs multicast mode or a second adapter.',
        ),
      },
      {
        narration:
          "Workaround 2: run the server on a second cluster. Cluster B has its own hosts and VIP, 10.0.0.200. The client on Host 2 of Cluster A connects to Cluster B's VIP.",
        actions: [preset('workaround-cluster-b'), run(300)],
        question: ask(
          'Which hosts serve the connections?',
          [
            'Host 2, through its loopback',
            "Cluster B's hosts, balanced by Cluster B",
            "Cluster A's hosts, balanced by Cluster A",
          ],
          1,
          "Cluster B's VIP is not one of Host 2's addresses, so the connection goes on the wire and Cluster B balances it like any other client's. Cluster B uses affinity None here, so even this one client's connections spread over its hosts.",
        ),
      },
      {
        narration:
          'And fault tolerance: Host B1 crashes. The lab plays 15 simulated seconds, then opens 100 more connections.',
        actions: [host('B', 0, 'crash'), play(15_000), run(100)],
        question: ask(
          "After the crash, who serves the client's new connections?",
          ["Nobody: Cluster B's VIP is gone", 'Hosts B2 and B3', 'Host 2 of Cluster A, through its loopback'],
          1,
          "Hosts B2 and B3 stop hearing B1's heartbeats, declare it gone and converge without it, taking over its buckets. The client on Host 2 gets what an outside client gets: balancing and failover.",
        ),
      },
    ],
  },
  {
    id: 'convergence',
    title: 'A host fails: heartbeats and convergence',
    presetId: 'host-crash',
    steps: [
      {
        narration:
          'Clients outside open 20 connections a second, spread over three hosts. Each host sends a heartbeat every second (AliveMsgPeriod, 1000 ms). The timeline crashes Host 2 at 2 s.',
        actions: [play(1900)],
      },
      {
        narration: 'Host 2 crashes. Nothing tells the others: they can only notice that its heartbeats stop.',
        actions: [play(10_000)],
        question: ask(
          'What happens to new connections whose bucket belongs to Host 2?',
          [
            'Hosts 1 and 3 take them at once',
            'They go unanswered, and the clients retransmit their SYNs until the cluster has converged',
            'The router sends them to another host',
          ],
          1,
          "Hosts 1 and 3 still drop frames in Host 2's buckets: the bucket map has not changed. After 5 missed heartbeats (AliveMsgTolerance) Host 2 is declared gone and convergence starts; about 3 s later its buckets are shared out. Meanwhile clients retransmit their SYNs, and most get through once the new map is in place.",
        ),
      },
      {
        narration:
          "The cluster has converged without Host 2. Bucket 1, for example, was Host 2's; now Host 1 or Host 3 owns it. Connections Host 2 had open when it crashed are lost. Microsoft quotes recovery within about 10 s: about 5 s to notice, about 3 s to converge. (Bucket numbers are VIP Lab's own.)",
        actions: [{ type: 'highlightBucket', bucket: 1 }],
      },
      {
        narration: 'Host 2 restarts.',
        actions: [host('A', 1, 'restart'), play(6000)],
        question: ask(
          'What happens now?',
          [
            'It takes back its old buckets at once',
            'The others hear its heartbeats, the cluster converges again and Host 2 gets a share of the buckets',
            'Nothing, until an administrator runs wlbs start',
          ],
          1,
          "A new host's heartbeat starts convergence. NLB keeps a descriptor for each TCP connection, so connections already open stay with their host even when their bucket moves.",
        ),
      },
    ],
  },
  {
    id: 'drainstop',
    title: 'Drainstop, stop and connection tracking',
    presetId: 'drainstop',
    steps: [
      {
        narration:
          'Each connection here lasts about 2 s: the server thinks for 2 s before it answers. At 2 s the timeline drain-stops Host 3 (wlbs drainstop).',
        actions: [play(1900)],
      },
      {
        narration: 'Host 3 is drain-stopped while it holds open connections.',
        actions: [play(6000)],
        question: ask(
          'What happens to the connections Host 3 already has?',
          [
            'They are dropped at once',
            'Host 3 finishes them but takes no new ones, then NLB stops on it',
            'They move to Hosts 1 and 2',
          ],
          1,
          "The cluster converges without Host 3, so new connections go to Hosts 1 and 2. But NLB keeps a descriptor for every TCP connection, so packets of Host 3's open connections still go to Host 3 after its buckets have moved. When its last connection ends, NLB stops on Host 3.",
        ),
      },
      {
        narration:
          'Now Host 1 is stopped with wlbs stop, the abrupt version, while it holds open connections. The lab plays 25 s.',
        actions: [host('A', 0, 'stopNlb'), play(25_000)],
        question: ask(
          "What happens to Host 1's open connections?",
          [
            'Host 1 finishes them first',
            'They are lost: their clients wait, then give up',
            'Host 2 takes them over',
          ],
          1,
          'wlbs stop leaves the cluster at once and drops the connections the host had through the VIP; only the new bucket owners serve new connections. Use drainstop to take a host out without cutting anyone off.',
        ),
      },
    ],
  },
  {
    id: 'affinity',
    title: 'Affinity: None, Single and Network',
    presetId: 'affinity-none',
    steps: [
      {
        narration:
          "These clients reach the cluster through a proxy farm: four addresses, 172.16.0.1 to 172.16.0.4, all in one /24. The port rule's affinity is None.",
        actions: [run(300)],
        question: ask(
          'Where will 300 connections go?',
          ['All to one host', 'Spread over all three hosts', 'Only to two hosts'],
          1,
          "Affinity None hashes the client's IP address and port. Every new connection has a new source port, so even one address's connections land on different hosts.",
        ),
      },
      {
        narration:
          "The same proxy farm with affinity Single, NLB's default: the hash uses the client's IP address only.",
        actions: [preset('affinity-single'), run(300)],
        question: ask(
          'What changes?',
          [
            'Nothing',
            'Each proxy address sticks to one host, so four addresses make a lumpy split',
            'Everything lands on Host 1',
          ],
          1,
          "Single affinity keeps all connections from one address on one host, which keeps a client's session on one server. Behind a proxy farm, though, one user appears as several addresses and may meet a different host on each request. " +
            HASH_IS_ILLUSTRATIVE,
        ),
      },
      {
        narration: "Affinity Network (Class C) hashes the client's /24 network instead.",
        actions: [preset('affinity-network'), run(300), { type: 'highlightBucket', bucket: 21 }],
        question: ask(
          'Where does the proxy farm go now?',
          ['Spread over all three hosts', 'All to one host', 'Nowhere: the connections fail'],
          1,
          "All four addresses share one /24, so they share one bucket (bucket 21 here) and one host: a user's requests stay together whichever proxy carries them, at the cost of balance.",
        ),
      },
      {
        narration: `${HASH_IS_ILLUSTRATIVE} What each affinity hashes (address and port, address, or /24) is NLB's own rule.`,
        actions: [],
      },
    ],
  },
  {
    id: 'cluster-modes',
    title: 'Unicast, multicast and the switch',
    presetId: 'unicast-flooding',
    steps: [
      {
        narration:
          "In unicast mode NLB replaces each host's MAC with the cluster MAC 02-BF-0A-00-00-64 (02-BF, then the VIP's four octets). Frames the hosts send carry a masked source MAC, 02-pp-0A-00-00-64 where pp is the host priority (MaskSourceMAC, on by default).",
        actions: [run(20), { type: 'selectPacket', connId: 1 }],
        question: ask(
          'A frame for the cluster MAC reaches the switch. What does the switch do with it?',
          ["Sends it to Host 1's port", 'Floods it to every port', 'Drops it'],
          1,
          'A switch sends a frame to one port only once it has learned where the destination MAC lives. With masking no frame leaves with the cluster MAC as its source, so the switch never learns it and floods: every host sees every frame, as NLB needs.',
        ),
      },
      {
        narration:
          'MaskSourceMAC is off now: heartbeats leave the hosts with the cluster MAC as their source. The lab plays 2 s, then opens 50 connections.',
        actions: [preset('masking-off'), play(2000), run(50)],
        question: ask(
          'What does the switch learn, and what happens to VIP traffic?',
          [
            'Nothing changes',
            "It learns the cluster MAC on one host's port and sends VIP frames only there, so connections in other hosts' buckets fail",
            'Every host gets two copies of each frame',
          ],
          1,
          'The switch learns the cluster MAC on the port it last saw it come from. VIP frames then reach that one host; the others never see their share, and those connections go unanswered (KB Q193602).',
        ),
      },
      {
        narration: "Masking is on again. The client on Host 1 connects to Host 2's dedicated IP.",
        actions: [preset('unicast-dip-q197864'), run(10)],
        question: ask(
          'Does it get through?',
          ['Yes', 'No: every host has the cluster MAC, so the hosts cannot reach each other'],
          1,
          'In unicast mode with one adapter, every dedicated IP resolves to the shared cluster MAC, and a frame to it never leaves the sending host (KB Q197864).',
        ),
      },
      {
        narration:
          "Multicast mode: each NIC keeps its own MAC and also accepts the cluster's multicast MAC, 03-BF-0A-00-00-64, so hosts can reach each other again. Many routers will not take a multicast MAC for a unicast IP from an ARP reply; NLB's documented fix is a static ARP entry for the VIP on the router, and this router has one.",
        actions: [preset('multicast'), run(300)],
        question: ask(
          'Are outside clients still balanced over every host?',
          ['Yes', 'No: the switch delivers to one host'],
          0,
          "A multicast frame is flooded to every port (unless the switch snoops IGMP), so every host still sees every frame and NLB's filter decides as before. IGMP multicast mode uses a 01-00-5E… MAC so snooping switches can limit flooding to the cluster's ports; its last bytes here are illustrative.",
        ),
      },
    ],
  },
  {
    id: 'port-rules',
    title: 'Load weights, port rules and the default host',
    presetId: 'load-weights',
    steps: [
      {
        narration:
          'Two hosts share a port rule without equal load: Host 1 has load weight 30, Host 2 has 60.',
        actions: [run(300)],
        question: ask(
          'What share of 300 connections does each host get?',
          ['Half each', 'About one third and two thirds', '30% and 60%, and the rest fail'],
          1,
          'Buckets are shared in proportion to the weights: 30 to 60 is 20 and 40 of the 60 buckets. Clients fall into buckets by hash, so the counts come out near one third and two thirds, not exactly.',
        ),
      },
      {
        narration:
          'Three hosts again. The only port rule covers TCP port 80, and the client connects to port 8080. Host 3 has host priority 1.',
        actions: [preset('default-host'), run(100)],
        question: ask(
          'Which host serves port 8080?',
          ['Host 1', 'Host 3', 'None: traffic that no rule covers is dropped'],
          1,
          'Traffic that no port rule covers goes to the default host: the host with the highest host priority, which is the lowest number. Here that is Host 3 (KB Q198552).',
        ),
      },
      {
        narration:
          'A single-host rule sends everything to the host with the best handling priority, Host 1. Then Host 1 crashes.',
        actions: [preset('single-host-rule'), run(50), host('A', 0, 'crash'), play(12_000), run(50)],
        question: ask(
          'Who serves the port after the crash?',
          [
            'Nobody',
            'Host 2, the next best handling priority, once the cluster has converged',
            'Hosts 2 and 3, balanced',
          ],
          1,
          'Single-host rules fail over by handling priority: when Host 1 is declared gone, the cluster converges and Host 2 takes all of the traffic.',
        ),
      },
      {
        narration:
          "Port rules must be identical on every host. Here Host 3's rule has affinity None while the others' have Single.",
        actions: [preset('rules-mismatch'), run(20)],
        question: ask(
          'What does the cluster do?',
          [
            'It stops serving until the rules match',
            'It keeps Host 3 out; Hosts 1 and 2 go on serving',
            'Each host uses its own rules',
          ],
          1,
          "Heartbeats carry each host's rules. NLB does not accept a host whose rules differ (or one with a duplicate host priority): it is kept out, with an event naming it, and the rest of the cluster goes on handling the traffic as before (Q198496). All 20 connections are served by Hosts 1 and 2.",
        ),
      },
    ],
  },
  {
    id: 'q198888',
    title: 'The cluster IP as a source address (Q198888)',
    presetId: 'q198888',
    steps: [
      {
        narration:
          "Host 2 runs a client that connects out to a server on Client 1's network. The hosts are set to use the cluster IP, 10.0.0.100, as the source address of their outbound connections.",
        actions: [run(20)],
        question: ask(
          'The server replies to 10.0.0.100. Which host accepts the reply?',
          ['Host 2, which sent the SYN', 'The default host, Host 1', 'Every host'],
          1,
          "The reply is addressed to the VIP, on the port Host 2 opened (49152 and up). As in the KB's set-up the port rules cover only the served port, 80, so no rule covers the reply and NLB gives it to the default host, Host 1 (the best host priority). Host 2 never sees its replies, and its connections fail (KB Q198888).",
        ),
      },
      {
        narration: 'The same client on Host 1.',
        actions: [{ type: 'placeClient', location: { kind: 'host', cluster: 'A', hostIndex: 0 } }, run(20)],
        question: ask(
          'Will it work from Host 1?',
          ['Yes: Host 1 is the default host, so the replies come back to it', 'Never'],
          0,
          'The KB says so: "you will not observe this problem on the default host". Replies that no port rule covers go to the default host, and here that is the host that sent the SYN.',
        ),
      },
    ],
  },
  {
    id: 'igmp-snooping',
    title: 'IGMP multicast mode and a snooping switch',
    presetId: 'igmp-two-clusters',
    steps: [
      {
        narration:
          "Two clusters share one switch, both in IGMP multicast mode. Each host reports its cluster's multicast group with IGMP, but this switch does no IGMP snooping. The lab plays 3 s.",
        actions: [play(3000)],
        question: ask(
          "Where do the frames for Cluster A's VIP go?",
          [
            "Only to Cluster A's hosts",
            "To every port: Cluster B's hosts get them too, and throw them away",
            'Nowhere: the switch drops multicast',
          ],
          1,
          "Without snooping a switch treats IP multicast like broadcast and floods it. Cluster B's NICs ignore Cluster A's MAC, but the frames still take up their ports. The MAC table shows no group members.",
        ),
      },
      {
        narration:
          "The same two clusters on a switch with IGMP snooping. It reads the hosts' IGMP reports and notes which ports joined which group. The lab plays 3 s.",
        actions: [preset('igmp-snooping'), play(3000)],
        question: ask(
          "Where do the frames for Cluster A's VIP go now?",
          [
            "Only to the ports whose hosts reported Cluster A's group",
            'To every port, as before',
            'Only to Host 1, the default host',
          ],
          0,
          "This is what IGMP multicast mode is for: the switch learned Cluster A's member ports from their reports (see the MAC table) and sends the group's frames there only. Every Cluster A host still gets every frame, so NLB works as before. The group's address and MAC bytes after 01-00-5E are illustrative.",
        ),
      },
    ],
  },
  {
    id: 'udp-fragments',
    title: 'UDP, datagram by datagram, and its fragments (Q229064)',
    presetId: 'udp-dns',
    steps: [
      {
        narration:
          'The client sends small queries (512 bytes) to a service on UDP port 5000 on the cluster. UDP has no connection for NLB to track. The port rule has affinity None. The lab sends 60 queries.',
        actions: [run(60)],
        question: ask(
          'How does NLB share out UDP?',
          [
            'Query by query: each datagram is hashed on its own, so every host gets some',
            'Client by client: one client sticks to one host',
            'It does not: UDP always goes to the default host',
          ],
          0,
          'NLB balances "on a per-connection basis for TCP (or on a per-datagram basis for UDP)" (KB Q198496). With affinity None each query, from a new client port, can land on any host.',
        ),
      },
      {
        narration:
          'Now each query is 4,000 bytes. That does not fit one Ethernet frame, so IPv4 splits it into 3 fragments. Only the first fragment carries the UDP header with the ports. The lab sends 30 queries.',
        actions: [preset('udp-fragments'), run(30)],
        question: ask(
          'With affinity None, what happens to the queries?',
          [
            'All are answered, as before',
            'Many go unanswered: the later fragments can reach another host than the first',
            'None are answered: NLB drops every fragment',
          ],
          1,
          'NLB hashes client IP and port with affinity None, but a later fragment has no port to read (KB Q229064). The app reads it as port 0, which is illustrative: the real choice is not documented. When that lands on another host, neither host can put the query back together, and the client waits in vain.',
        ),
      },
      {
        narration:
          "The KB's fix: one port rule for all ports and both protocols, with affinity. The lab loads the same queries with affinity Single and sends 30.",
        actions: [preset('udp-fragments-single'), run(30)],
        question: ask(
          'With affinity Single, how many of the 30 queries are answered?',
          ['All 30', 'About 10', 'None'],
          0,
          'Affinity Single hashes the client IP only, which every fragment carries. All three pieces reach the same host, which reassembles and answers the query.',
        ),
      },
    ],
  },
  {
    id: 'second-nic',
    title: 'Hosts that cannot reach each other, and two ways out (Q197864, Q233279)',
    presetId: 'unicast-dip-q197864',
    steps: [
      {
        narration:
          "Unicast mode, one network adapter per host. The client on Host 1 connects to Host 2's dedicated IP, 10.0.0.12. The lab opens 5 connections. To see for yourself afterwards: click Host 1 and choose arp -a under Command.",
        actions: [run(5)],
        question: ask(
          "What MAC does Host 1's ARP table give for 10.0.0.12?",
          [
            "Host 2's own MAC, 00-15-5D-00-00-02",
            "The cluster MAC, 02-BF-0A-00-00-64, which is Host 1's own MAC too",
            'None: ARP gets no answer',
          ],
          1,
          "In unicast mode NLB gives every host the cluster MAC, so Host 2 answers ARP with 02-BF-0A-00-00-64, which is Host 1's own MAC. Host 1 hands frames for its own MAC back to itself; not one reaches the wire, and all 5 connections time out (KB Q197864).",
        ),
      },
      {
        narration:
          'The fix trainers name: a second network adapter in every host, for dedicated traffic (Q233279). The dedicated IP moves to it, with a MAC of its own; the cluster IP stays on the adapter NLB is bound to. The lab opens 5 connections again.',
        actions: [preset('second-nic'), run(5)],
        question: ask(
          'Does Host 1 reach Host 2 now?',
          [
            'Yes: 5 of 5, over the second NICs, through the switch',
            'No: unicast mode still gives every adapter the cluster MAC',
            'Yes, but through the loopback',
          ],
          0,
          "NLB is bound to the cluster adapter only. The second NIC keeps its own MAC (here 00-15-5D-01-00-02 on Host 2), answers ARP for the dedicated IP with it, and the switch learns it on the second NIC's port. Traffic to the VIP still goes to the cluster adapters and is balanced as before.",
        ),
      },
      {
        narration:
          'Back to one adapter per host, with unicast inter-host communication on (UnicastInterHostCommSupport, from Windows Server 2003 SP1): NLB gives each host a MAC of its own besides the cluster MAC. The lab opens 5 connections.',
        actions: [preset('unicast-inter-host'), run(5)],
        question: ask(
          'Does it get through with one adapter?',
          ['No', 'Yes: Host 2 answers ARP with a MAC of its own, so the frames leave Host 1'],
          1,
          "With the option on, each host answers ARP for its dedicated IP with a MAC that is its alone, and accepts frames for it; the frames no longer carry Host 1's own MAC and go out on the wire. Which MAC NLB uses is not in the sources this app follows: 02-<host priority>-<VIP> here is illustrative.",
        ),
      },
    ],
  },
];

// ---- Load balancers today (MODERN.md) -----------------------------------------------------------

/** Said wherever a lesson shows which connections a cloud balancer's flow hash sends where. */
export const FLOW_HASH_IS_ILLUSTRATIVE =
  "The cloud's real flow hash is not public; VIP Lab uses its own, so which connections fail is illustrative: the share, about 1 in N backends, is the vendor's.";

/** The vendor sentences MODERN.md lists under "Facts worth quoting", word for word. */
export const QUOTES = {
  azure:
    '"When the flow maps back to itself, the outbound flow appears to originate from the VM to the front end and the corresponding inbound flow appears to originate from the VM to itself ... The TCP stack won\'t recognize these halves of the same flow as being part of the same flow."',
  azureCause: '"Internal load balancers don\'t translate outbound originated connections to the front end"',
  aws: '"Load balancers with client IP preservation enabled do not support hairpinning or loopback."',
  google:
    '"are always answered by the client/backend VM. This happens regardless of whether the backend VM is healthy."',
  acceptLocal: '"Accept packets with local source addresses."',
} as const;

const MODERN_LESSONS: Lesson[] = [
  {
    id: 'k8s-self-service',
    title: 'A pod calls its own Service',
    presetId: 'k8s-self-service',
    steps: [
      {
        narration:
          "Three pods, drawn as Host 1 to Host 3, back a Kubernetes Service whose cluster IP is 10.0.0.100. kube-proxy's rules and the node's bridge are drawn as one box, the load balancer at 10.0.0.5 (a simplification, so illustrative). A client in the pod on Host 1 calls its own Service: 300 connections. The bridge has hairpin mode on.",
        actions: [run(300)],
        question: ask(
          'Where do the 300 connections go, and how many fail?',
          [
            'All to Host 1 through its loopback, as with Windows NLB',
            'Spread over all three pods, and none fail',
            'About one in three hang',
          ],
          1,
          "kube-proxy rewrites the Service IP to a randomly picked pod (DNAT). When it picks the calling pod itself, it also rewrites the source to the node's address (10.0.0.5 here), so the pod sees a packet from the node, not from itself, and its reply goes back through the node to be rewritten back. With hairpin mode the bridge sends that frame back out the port it came in by. About a third land on Host 1 itself, harmlessly.",
        ),
      },
      {
        narration:
          'The same Service on a node whose bridge has hairpin mode off: a kubelet started with --hairpin-mode=none, or a CNI bridge without "hairpinMode": true. The lab opens 300 connections again.',
        actions: [preset('k8s-no-hairpin'), run(300)],
        question: ask(
          'How many of the 300 connections fail now?',
          ['None, as before', 'About one in three, about 100', 'All of them'],
          1,
          'kube-proxy still picks one of three pods at random, so about one connection in three is sent back to the calling pod. That frame would have to leave the bridge by the very port it came in by, and without hairpin mode the bridge drops it. The client retransmits its SYN after 3 s and 9 s, then gives up: a hang and a timeout, not a refusal. The other two thirds work. Kubernetes\' Debug Services page lists the symptom: "A Pod fails to reach itself via the Service IP".',
        ),
      },
      {
        narration:
          'The fix is the bridge\'s: kubelet --hairpin-mode=hairpin-veth or promiscuous-bridge, or "hairpinMode": true in the CNI bridge\'s configuration. Cilium, without kube-proxy, connects the socket straight to a backend and source-NATs traffic to the pod itself to 169.254.42.1, so it never meets the problem.',
        actions: [],
      },
    ],
  },
  {
    id: 'azure-hairpin',
    title: 'One request in three hangs on Azure',
    presetId: 'azure-hairpin',
    steps: [
      {
        narration:
          'Three VMs, drawn as Host 1 to Host 3, are the backend pool of an Azure internal load balancer whose frontend IP is 10.0.0.100, with a default load-balancing rule. A program on the first VM (Host 1) calls the frontend: 300 connections.',
        actions: [run(300)],
        question: ask(
          'What share of the 300 connections fails?',
          ['None', 'About one in three', 'All of them: Host 1 answers itself, as with NLB'],
          1,
          `The balancer hashes each flow (its 5-tuple) to one of three backends and rewrites only the destination. About one flow in three maps back to Host 1: it arrives as a SYN from 10.0.0.11 to 10.0.0.11, from Host 1's own address. Host 1 drops it as a martian packet: Linux takes such packets only with accept_local, which is off by default (${QUOTES.acceptLocal}). With this lab's TCP timers the SYN is retransmitted after 3 s and 9 s, then the connection times out: Azure's "intermittent connection timeouts". ${FLOW_HASH_IS_ILLUSTRATIVE}`,
        ),
      },
      {
        narration: 'The same balancer, and 300 connections from a client outside the backend pool.',
        actions: [{ type: 'placeClient', location: { kind: 'outside' } }, run(300)],
        question: ask(
          'How many of these fail?',
          ['About one in three, as before', 'None: only a backend calling its own frontend meets it'],
          1,
          `An outside client's flows never map back to their sender, so the three VMs share them and none fail. Microsoft's troubleshooting page names the cause: ${QUOTES.azureCause}, and ${QUOTES.azure}`,
        ),
      },
      {
        narration:
          "Azure's first fix: a Floating IP (direct server return) rule. The balancer then leaves the destination alone, and each VM holds the frontend IP on its loopback to accept it. Where the IP sits is inferred from Azure's documentation, so that part is illustrative. Host 1 calls the frontend again: 300 connections.",
        actions: [preset('azure-floating-ip'), run(300)],
        question: ask(
          'With Floating IP, where do the 300 connections go?',
          [
            'Spread over the three VMs',
            'All to Host 1 itself, through its loopback: none fail, none are balanced',
            'About one in three still hang',
          ],
          1,
          "The frontend IP is now one of Host 1's own addresses, so its stack loops the connection back before it reaches the wire, exactly as in KB Q247768: no timeouts, but no balancing and no failover either. It works when calling yourself is acceptable.",
        ),
      },
      {
        narration:
          "Azure's other fix: a proxy layer (Application Gateway, nginx, HAProxy) in front of the pool. Here HAProxy at 10.0.0.5 takes the frontend IP. Host 1 calls it: 300 connections.",
        actions: [preset('haproxy-fixes-it'), run(300)],
        question: ask(
          'How many fail through the proxy?',
          ['None', 'About one in three', 'All of them'],
          0,
          'Host 1\'s connection ends at the proxy, and the proxy opens a new one of its own, from 10.0.0.5, to a backend. When that backend is Host 1, it answers the proxy, not itself, so nothing loops. The lesson "The proxy fixes it" looks closer.',
        ),
      },
    ],
  },
  {
    id: 'aws-preservation',
    title: 'AWS: client IP preservation and loopback',
    presetId: 'aws-preservation',
    steps: [
      {
        narration:
          'Three EC2 instances, drawn as Host 1 to Host 3, are targets of an AWS Network Load Balancer with client IP preservation on, as it is by default for instance targets. The first instance (Host 1) calls the load balancer: 300 connections.',
        actions: [run(300)],
        question: ask(
          'How many of the 300 connections fail?',
          ['None', 'About one in three', 'All of them'],
          1,
          `With preservation on, the balancer keeps the caller's address as the source. When it picks Host 1 itself, "the source and destination IP addresses are the same and the connection times out", as AWS's troubleshooting page says, and also: ${QUOTES.aws} ${FLOW_HASH_IS_ILLUSTRATIVE}`,
        ),
      },
      {
        narration:
          "AWS's fix: turn client IP preservation off on the target group. The lab opens 300 connections again.",
        actions: [preset('aws-preservation-off'), run(300)],
        question: ask(
          'How many fail now?',
          ['None', 'About one in three', 'All of them'],
          0,
          "The balancer now rewrites the source too, to its own private address (10.0.0.5 here). Host 1, picked about one time in three, sees a connection from the load balancer and answers it through the balancer, which rewrites the reply back. The price: backends no longer see the client's address. Registering targets by IP address (TCP and TLS) works too.",
        ),
      },
    ],
  },
  {
    id: 'gcp-answers-itself',
    title: 'Why Google answers itself',
    presetId: 'gcp-answers-itself',
    steps: [
      {
        narration:
          "Three VMs, drawn as Host 1 to Host 3, are backends of a Google Cloud internal passthrough Network Load Balancer whose forwarding rule's IP is 10.0.0.100. Google's guest agent on each VM adds a local route for that IP (ip route add to local ... proto 66), so the VM accepts the balancer's packets. A program on the first VM (Host 1) calls 10.0.0.100: 300 connections.",
        actions: [run(300)],
        question: ask(
          'Where do the 300 connections go?',
          [
            'Spread over the three VMs',
            'All to Host 1 itself, and nothing reaches the wire',
            'About one in three time out',
          ],
          1,
          `The local route makes 10.0.0.100 one of Host 1's own addresses, so its stack loops the connection back; it never reaches the load balancer. Google's documentation says connections from a backend to the forwarding rule's IP ${QUOTES.google} It is KB Q247768 again. (Host 1's route print shows the route.)`,
        ),
      },
      {
        narration:
          'Stop the server on Host 1. Hosts 2 and 3 are healthy. The lab opens 20 more connections from Host 1.',
        actions: [host('A', 0, 'stopServer'), run(20)],
        question: ask(
          "What happens to Host 1's next 20 connections?",
          ['Hosts 2 and 3 take them', 'All 20 are refused at once', 'They hang, then time out'],
          1,
          '"Regardless of whether the backend VM is healthy": the SYN never leaves Host 1, so the balancer and its health checks are never asked. Host 1 finds no server listening and answers with a reset at once. No failover.',
        ),
      },
      {
        narration:
          "Google's way out: call from a VM that is not a backend. The lab starts again with the client outside the backends (Client 1 stands for any such machine), stops Host 1's server again, and opens 300 connections.",
        actions: [
          { type: 'placeClient', location: { kind: 'outside' } },
          host('A', 0, 'stopServer'),
          run(300),
        ],
        question: ask(
          "With Host 1's server stopped, what happens to these 300?",
          [
            'All refused, as from Host 1',
            'Hosts 2 and 3 serve them all: the health check takes Host 1 out',
            'One in three fail',
          ],
          1,
          "From a machine that is not a backend the forwarding rule's IP is not local, so the connection reaches the balancer, which sends it only to backends that pass its health check (VIP Lab's health check notices at once: illustrative). A proxy-based internal load balancer should help too, but that is inferred, not Google's word. Linux LVS direct routing behaves like Google's: the VIP on each real server's lo (the gallery has it).",
        ),
      },
    ],
  },
  {
    id: 'haproxy-fixes-it',
    title: 'The proxy fixes it',
    presetId: 'haproxy-fixes-it',
    steps: [
      {
        narration:
          'The same three backends behind a proxy: HAProxy, at 10.0.0.5, listens on the VIP 10.0.0.100. Each request keeps a server busy for 1 s here. Host 1, a backend, calls the VIP: 300 connections.',
        actions: [run(300)],
        question: ask(
          'How many of the 300 connections fail?',
          ['About one in three, as on Azure', 'None', 'All: Host 1 answers itself'],
          1,
          "A proxy is an endpoint: Host 1's connection ends at the proxy, which opens a connection of its own to a backend it picks in turn (round robin). Host 1 gets about a third of them and answers the proxy, not itself. Nothing is half-translated, so nothing fails.",
        ),
      },
      {
        narration:
          'The lab starts again and plays half a second with the client opening 20 connections a second. To look for yourself: click Host 1 and choose netstat -n under Command.',
        actions: [{ type: 'reset' }, play(500)],
        question: ask(
          "Host 1's web server logs its clients. Which address does it see for the requests the proxy sends it?",
          ['10.0.0.11, Host 1 itself', '10.0.0.5, the proxy', '10.0.0.100, the VIP'],
          1,
          "netstat -n on Host 1 shows both halves: its client's connections go to 10.0.0.100:80, and its server's connections come from 10.0.0.5, the proxy. The backend never sees the caller's address; HAProxy's transparent mode (usesrc client) would keep it, and with it bring back the half-NAT hang.",
        ),
      },
    ],
  },
];

/** Every built-in lesson, in the order the Lessons dialog lists them. */
export const LESSONS: readonly Lesson[] = [...NLB_LESSONS, ...MODERN_LESSONS];

export function findLesson(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
