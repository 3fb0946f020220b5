// The hold-out set (test/fixtures/corpus/holdout.jsonl): texts of test-split projects that are not in
// the corpus, labelled and frozen before they were scored. Part was met while mining dev texts and
// never tuned on; part was mined after the rules were frozen (2026-12-03). It is a second, fresher
// measure than the test split, which every session has seen scored. Its floors are the figures it
// scored once, as a regression floor; never tune a rule on its texts (they would stop measuring).
import { describe, expect, test } from 'vitest';
import { CODES } from '../../src/core/codes.js';
import { describeScore, loadCorpus, loadHoldout, overlap, projectSplit, score } from '../support/corpus.js';

const holdout = loadHoldout();
const holdout2 = loadHoldout('holdout-2.jsonl');
const holdout3 = loadHoldout('holdout-3.jsonl');
const holdout4 = loadHoldout('holdout-4.jsonl');
const holdout5 = loadHoldout('holdout-5.jsonl');
const holdout6 = loadHoldout('holdout-6.jsonl');
const holdout7 = loadHoldout('holdout-7.jsonl');
const holdout8 = loadHoldout('holdout-8.jsonl');
const holdout9 = loadHoldout('holdout-9.jsonl');
const holdout10 = loadHoldout('holdout-10.jsonl');
const holdout11 = loadHoldout('holdout-11.jsonl');
const holdout12 = loadHoldout('holdout-12.jsonl');
const holdout13 = loadHoldout('holdout-13.jsonl');
const holdout14 = loadHoldout('holdout-14.jsonl');
const holdout15 = loadHoldout('holdout-15.jsonl');
const holdout16 = loadHoldout('holdout-16.jsonl');
const holdout17 = loadHoldout('holdout-17.jsonl');
const holdout18 = loadHoldout('holdout-18.jsonl');
const holdout19 = loadHoldout('holdout-19.jsonl');
const holdout20 = loadHoldout('holdout-20.jsonl');
const holdout21 = loadHoldout('holdout-21.jsonl');
const holdout22 = loadHoldout('holdout-22.jsonl');
const holdout23 = loadHoldout('holdout-23.jsonl');
const holdout24 = loadHoldout('holdout-24.jsonl');
const holdout25 = loadHoldout('holdout-25.jsonl');
const holdout26 = loadHoldout('holdout-26.jsonl');
const holdout27 = loadHoldout('holdout-27.jsonl');
const holdout28 = loadHoldout('holdout-28.jsonl');
const holdout29 = loadHoldout('holdout-29.jsonl');
const holdout30 = loadHoldout('holdout-30.jsonl');
const holdout31 = loadHoldout('holdout-31.jsonl');
const holdout32 = loadHoldout('holdout-32.jsonl');
const holdout33 = loadHoldout('holdout-33.jsonl');
const holdout34 = loadHoldout('holdout-34.jsonl');
const holdout35 = loadHoldout('holdout-35.jsonl');
const holdout36 = loadHoldout('holdout-36.jsonl');
const holdout37 = loadHoldout('holdout-37.jsonl');
const holdout38 = loadHoldout('holdout-38.jsonl');
const holdout39 = loadHoldout('holdout-39.jsonl');
const holdout40 = loadHoldout('holdout-40.jsonl');
const holdout41 = loadHoldout('holdout-41.jsonl');
const holdout42 = loadHoldout('holdout-42.jsonl');
const holdout43 = loadHoldout('holdout-43.jsonl');
const holdout44 = loadHoldout('holdout-44.jsonl');
const holdout45 = loadHoldout('holdout-45.jsonl');
const holdout46 = loadHoldout('holdout-46.jsonl');
const holdout47 = loadHoldout('holdout-47.jsonl');
const holdout48 = loadHoldout('holdout-48.jsonl');
const holdout49 = loadHoldout('holdout-49.jsonl');
const holdout50 = loadHoldout('holdout-50.jsonl');
const holdout51 = loadHoldout('holdout-51.jsonl');
const holdout52 = loadHoldout('holdout-52.jsonl');
const holdout53 = loadHoldout('holdout-53.jsonl');
const holdout54 = loadHoldout('holdout-54.jsonl');
const holdout55 = loadHoldout('holdout-55.jsonl');
const holdout56 = loadHoldout('holdout-56.jsonl');
const holdout57 = loadHoldout('holdout-57.jsonl');
const holdout58 = loadHoldout('holdout-58.jsonl');
const holdout59 = loadHoldout('holdout-59.jsonl');
const holdout60 = loadHoldout('holdout-60.jsonl');
const holdout61 = loadHoldout('holdout-61.jsonl');
const holdout62 = loadHoldout('holdout-62.jsonl');
const holdout63 = loadHoldout('holdout-63.jsonl');
const holdout64 = loadHoldout('holdout-64.jsonl');
const holdout65 = loadHoldout('holdout-65.jsonl');
const holdout66 = loadHoldout('holdout-66.jsonl');
const holdout67 = loadHoldout('holdout-67.jsonl');
const holdout68 = loadHoldout('holdout-68.jsonl');
const holdout69 = loadHoldout('holdout-69.jsonl');
const holdout70 = loadHoldout('holdout-70.jsonl');
const holdout71 = loadHoldout('holdout-71.jsonl');
const holdout72 = loadHoldout('holdout-72.jsonl');
const holdout73 = loadHoldout('holdout-73.jsonl');
const holdout74 = loadHoldout('holdout-74.jsonl');
const holdout75 = loadHoldout('holdout-75.jsonl');
const holdout76 = loadHoldout('holdout-76.jsonl');
const holdout77 = loadHoldout('holdout-77.jsonl');
const holdout78 = loadHoldout('holdout-78.jsonl');
const holdout79 = loadHoldout('holdout-79.jsonl');
const holdout80 = loadHoldout('holdout-80.jsonl');
const holdout81 = loadHoldout('holdout-81.jsonl');
const holdout82 = loadHoldout('holdout-82.jsonl');
const holdout83 = loadHoldout('holdout-83.jsonl');
const holdout84 = loadHoldout('holdout-84.jsonl');
const holdout85 = loadHoldout('holdout-85.jsonl');
const holdout86 = loadHoldout('holdout-86.jsonl');
const holdout87 = loadHoldout('holdout-87.jsonl');
const holdout88 = loadHoldout('holdout-88.jsonl');
const holdout89 = loadHoldout('holdout-89.jsonl');
const holdout90 = loadHoldout('holdout-90.jsonl');
const holdout91 = loadHoldout('holdout-91.jsonl');
/** The hold-outs after the first, each mined after a freeze and scored once. */
const later = [
  holdout2,
  holdout3,
  holdout4,
  holdout5,
  holdout6,
  holdout7,
  holdout8,
  holdout9,
  holdout10,
  holdout11,
  holdout12,
  holdout13,
  holdout14,
  holdout15,
  holdout16,
  holdout17,
  holdout18,
  holdout19,
  holdout20,
  holdout21,
  holdout22,
  holdout23,
  holdout24,
  holdout25,
  holdout26,
  holdout27,
  holdout28,
  holdout29,
  holdout30,
  holdout31,
  holdout32,
  holdout33,
  holdout34,
  holdout35,
  holdout36,
  holdout37,
  holdout38,
  holdout39,
  holdout40,
  holdout41,
  holdout42,
  holdout43,
  holdout44,
  holdout45,
  holdout46,
  holdout47,
  holdout48,
  holdout49,
  holdout50,
  holdout51,
  holdout52,
  holdout53,
  holdout54,
  holdout55,
  holdout56,
  holdout57,
  holdout58,
  holdout59,
  holdout60,
  holdout61,
  holdout62,
  holdout63,
  holdout64,
  holdout65,
  holdout66,
  holdout67,
  holdout68,
  holdout69,
  holdout70,
  holdout71,
  holdout72,
  holdout73,
  holdout74,
  holdout75,
  holdout76,
  holdout77,
  holdout78,
  holdout79,
  holdout80,
  holdout81,
  holdout82,
  holdout83,
  holdout84,
  holdout85,
  holdout86,
  holdout87,
  holdout88,
  holdout89,
  holdout90,
  holdout91,
].flat();
const corpus = loadCorpus();

type Floors = { readonly family: number; readonly exact: number; readonly falsePositives: number };

/** Scores a hold-out, prints it, and holds it to the figures it scored once. */
function expectFloors(name: string, set: Parameters<typeof score>[0], floors: Floors) {
  const s = score(set);
  console.log(describeScore(name, s));
  // A set of look-alikes only (hold-out 24) has no family or exact share to hold.
  if (s.positives > 0) {
    expect(s.family / s.positives).toBeGreaterThanOrEqual(floors.family);
    expect(s.exact / s.positives).toBeGreaterThanOrEqual(floors.exact);
  }
  expect(s.falsePositives / s.lookalikes).toBeLessThanOrEqual(floors.falsePositives);
}

describe('hold-out set', () => {
  test('holds test-split projects only, none of the corpus texts, every label a code', () => {
    expect(holdout.length).toBeGreaterThanOrEqual(50);
    expect(holdout2.length).toBeGreaterThanOrEqual(25);
    const urls = new Set(corpus.map((c) => c.url));
    for (const u of holdout.map((h) => h.url)) urls.add(u);
    // The second and third hold-outs repeat neither the corpus nor an earlier hold-out.
    for (const h of later) {
      expect(urls.has(h.url), `${h.id} is new`).toBe(false);
      expect(projectSplit(h.project), `${h.id} ${h.project} hashes to the test split`).toBe('test');
      expect(h.expected === 'none' || h.expected in CODES, h.id).toBe(true);
      for (const a of h.also ?? []) expect(a in CODES, h.id).toBe(true);
      urls.add(h.url);
    }
    expect(holdout3.length).toBeGreaterThanOrEqual(20);
    expect(holdout4.length).toBeGreaterThanOrEqual(20);
    expect(holdout5.length).toBeGreaterThanOrEqual(20);
    for (const u of later.map((h) => h.url)) urls.delete(u);
    for (const u of holdout.map((h) => h.url)) urls.delete(u);
    const ids = new Set<string>();
    for (const h of holdout) {
      expect(ids.has(h.id), h.id).toBe(false);
      ids.add(h.id);
      expect(h.expected === 'none' || h.expected in CODES, h.id).toBe(true);
      for (const a of h.also ?? []) expect(a in CODES, h.id).toBe(true);
      expect(projectSplit(h.project), `${h.id} ${h.project} hashes to the test split`).toBe('test');
      expect(urls.has(h.url), `${h.id} is not a corpus text`).toBe(false);
    }
  });

  test('repeats no dev text (an issue copied between projects would have been tuned on)', () => {
    const dev = corpus.filter((c) => c.split === 'dev');
    for (const h of [...holdout, ...later]) {
      const worst = Math.max(...dev.map((d) => overlap(h.text, d.text)));
      expect(worst, `${h.id} overlaps a dev text`).toBeLessThanOrEqual(0.2);
    }
  });

  // Measured once on 2026-12-03 (all: family 26/36, exact 25/36, look-alikes flagged 2/17).
  const floors = { family: 0.72, exact: 0.69, falsePositives: 0.12 } as const;
  test('family, exact and false-positive floors (the figures it scored once)', () => {
    expectFloors('holdout', holdout, floors);
    console.log(
      describeScore(
        'holdout, mined after the freeze',
        score(holdout.filter((h) => h.mined === 'after-freeze')),
      ),
    );
  });

  // Each later hold-out is held to the figures it scored once (never tuned on before that scoring).
  const floorsOf: [string, typeof holdout2, Floors][] = [
    // The second hold-out, scored once on 2026-12-04 with the rules of 7b4f59c: as committed (31 texts)
    // family 11/18, exact 9/18, look-alikes flagged 1/13. Four texts answered right were then dropped
    // because they share over 20 % of their 6-word shingles with a dev text (an EKS form letter, a
    // calico issue moved between repositories, CockroachDB's clock message, cert-manager's webhook
    // error line): what is left (27) scored family 8/15, exact 6/15, flagged 1/12; the 12 mined after
    // that commit 4/9, 3/9, 1/3. Those figures are the floors.
    ['holdout-2', holdout2, { family: 0.53, exact: 0.4, falsePositives: 0.09 }],
    // The third hold-out (20 texts of test-split projects, mined after the rules froze at 1f1a38f,
    // committed at c6642d9 before it was scored), scored once on 2026-12-04: family 5/11, exact 5/11,
    // look-alikes flagged 1/9. The misses are descriptions in prose (a kubelet client certificate that
    // lapsed, told in a sentence; "time-sync is required"; a kops admin certificate's 18 h life behind a
    // bare Unauthorized, answered only with ranked causes) and a feature request read as an expiry.
    ['holdout-3', holdout3, { family: 0.45, exact: 0.45, falsePositives: 0.12 }],
    // The fourth hold-out (22 texts of test-split projects, mined after the rules froze at f74452f,
    // committed at 0e8497f before it was scored), scored once on 2026-12-04: family 8/11, exact 7/11,
    // look-alikes flagged 3/11 (a negated expiry, the VPC CNI warm pool, sealed-secrets' own certificate).
    ['holdout-4', holdout4, { family: 0.72, exact: 0.63, falsePositives: 0.28 }],
    // The fifth hold-out (26 texts of test-split projects, mined after the rules froze at d59b4f8,
    // committed at 9dffc27 before it was scored), scored once on 2026-12-04: family 12/12, exact 12/12,
    // look-alikes flagged 5/14 (a user's wrong guess "the certificate seems to have expired", kubeadm's
    // bootstrap-token message read as a service-account token, ipamd's per-prefix debug lines read as
    // exhaustion, and two pull requests about clocks). The positives chosen have clear causes (ambiguous
    // threads were passed over while mining), so 12/12 overstates recall; the look-alikes are the gap.
    ['holdout-5', holdout5, { family: 1, exact: 1, falsePositives: 0.36 }],
    // The sixth hold-out (34 texts of test-split projects, taken in order from fourteen queries written
    // before searching, mined after the rules froze at 21981a3, committed at e3bdb5d before it was
    // scored), scored once on 2026-12-04: family 6/15, exact 4/15, look-alikes flagged 6/19. Unpicked
    // threads: prose with no error line (a Chinese note that subnet.env vanishes on reboot, "3 minus
    // advanced"), certificates "about to expire", ipamd's debug lines; flagged: Docker swarm's and a
    // Podman machine's certificates, KubeSphere's console JWT, a CI test fixture's certificate.
    ['holdout-6', holdout6, { family: 0.4, exact: 0.26, falsePositives: 0.32 }],
    // The seventh hold-out (23 texts, the same protocol, mined after the rules froze at 3b11e4c — after
    // hold-out 6's fixes — committed at cfae611 before it was scored), scored once on 2026-12-04:
    // family 8/13, exact 8/13, look-alikes flagged 2/10 (a pull request quoting the token docs, Google
    // Cloud service-account credentials on a machine whose clock is ahead).
    ['holdout-7', holdout7, { family: 0.61, exact: 0.61, falsePositives: 0.2 }],
    // The eighth hold-out (28 texts, the same protocol with twenty queries, mined after the rules froze
    // at 6571dc0 — after hold-out 7's fixes — committed at 5fdf3dd before it was scored), scored once on
    // 2026-12-04: family 2/7, exact 2/7, look-alikes flagged 5/21 (two code reviews about IP leaks and
    // Podman's static-IP error read as exhaustion, a review bot explaining the loopback certificate, a
    // Python client's expired website certificate read as the cluster's).
    ['holdout-8', holdout8, { family: 0.28, exact: 0.28, falsePositives: 0.24 }],
    // The ninth hold-out (17 texts, the same protocol with sixteen queries, mined after the rules froze
    // at 3f31cf2, committed at 2f9ca6a before it was scored), scored once on 2026-12-04: family 4/4,
    // exact 4/4 (few and clear-cut positives), look-alikes flagged 4/13 (a clock-sync alert firing on
    // right clocks, a runbook typo fix, an application's OAuth token, a client library's reload change).
    ['holdout-9', holdout9, { family: 1, exact: 1, falsePositives: 0.31 }],
    // The tenth hold-out (24 texts of test-split projects, mined after the rules froze at c4558dc,
    // committed at b972695 before it was scored; ambiguous threads passed over), scored once on
    // 2026-12-05: family 7/10, exact 7/10 (missed: a kubelet-scraping IP-SAN error worded "any IP SAN",
    // a pull request telling it in prose, the VPC CNI's bare "failed to assign an IP address"),
    // look-alikes flagged 3/14 (two alerting changes about clock drift, Argo CD's own auth token).
    ['holdout-10', holdout10, { family: 0.7, exact: 0.7, falsePositives: 0.22 }],
    // The eleventh hold-out (25 texts, hold-out 6's protocol with twelve queries, nothing passed over,
    // mined after the rules froze at b34e219, committed at 8691963 before it was scored), scored once on
    // 2026-12-05: family 3/11, exact 3/11 (Argo CD's x509 on adding a cluster ×3, pull requests telling a
    // failure in prose, "kubelet certificate expiration" as a noun), look-alikes flagged 1/14 (an RFE's
    // reproduction step "have an environment where clocks are not synchronized").
    ['holdout-11', holdout11, { family: 0.27, exact: 0.27, falsePositives: 0.08 }],
    // The twelfth hold-out (18 texts, the same protocol, mined after the rules froze at 3d7c62e,
    // committed at 553dabd before it was scored; four of twelve queries found nothing not already held),
    // scored once on 2026-12-05: family 0/3, exact 0/3 (all three ambiguous: a tenant's Unauthorized
    // after its service accounts were rotated, heketi's JWT "used before issued" across nodes, a pull
    // request title about a cached JWT), look-alikes flagged 2/15 (a clock-sync alert firing on right
    // clocks for want of rtcsync, a pull request shortening etcd certificates' validity).
    ['holdout-12', holdout12, { family: 0, exact: 0, falsePositives: 0.14 }],
    // The thirteenth hold-out (16 texts, the same protocol with three Chinese queries, mined after the
    // rules froze at f49161c, committed at 52c9ce6 before it was scored), scored once on 2026-12-05:
    // family 4/5, exact 4/5 (missed: "the subnet is running out of addresses" said of Azure CNI on
    // Windows), look-alikes flagged 1/11 (a pull request's dump of a kubelet certificate it had just
    // generated, read against today's date as expired).
    ['holdout-13', holdout13, { family: 0.8, exact: 0.8, falsePositives: 0.1 }],
    // The fourteenth hold-out (15 texts from the pages corpus: blogs, guides, vendor notes, five in
    // Chinese; hosts of the test split; the same protocol, rules frozen at cd59ddf, committed at a4a8e9a
    // before it was scored), scored once on 2026-12-05: family 5/8, exact 4/8 (missed: AKS kubelet
    // certificates told in prose, two Chinese articles on expired cluster certificates, one of them in
    // traditional characters; a runbook for expiry answered first as a CA mismatch), look-alikes flagged
    // 0/7.
    ['holdout-14', holdout14, { family: 0.62, exact: 0.5, falsePositives: 0 }],
    // The fifteenth (16 texts from the pages corpus, 5 in Chinese; the same protocol, rules frozen at
    // c30e086, committed at 415a6f7 before it was scored), scored once on 2026-12-05: family 3/5, exact
    // 2/5, look-alikes flagged 3/11. One label was then corrected against docs/findings.md: h368 (a pod
    // CIDR that contains the hosts' network) had been labelled ipam/pod-cidr-overlap, which is two
    // nodes' podCIDRs overlapping; no code covers it, so it is a look-alike, answered right by silence.
    // With that label: family 3/4, exact 2/4 (missed: flannel's document on Docker's FORWARD policy
    // DROP; etcd's clock-difference line with its peer elided answered as a node's clock), look-alikes
    // flagged 3/12 (two NodeClockNotSynchronising runbooks, a catalogue of NotReady causes).
    ['holdout-15', holdout15, { family: 0.75, exact: 0.5, falsePositives: 0.25 }],
    // The sixteenth (11 texts from the pages corpus, 5 in Chinese; the same protocol with twelve new
    // queries, five of which found no new test-split result; rules frozen at cadbc8d, committed at
    // 64cbc4e before it was scored), scored once on 2026-12-05: family 3/3, exact 3/3, look-alikes
    // flagged 0/8.
    ['holdout-16', holdout16, { family: 1, exact: 1, falsePositives: 0 }],
    // The seventeenth (20 texts from the docs corpus, a source no hold-out had used: twelve queries
    // written first, three in Chinese, one of which found no new test-split result; rules frozen at
    // 830f84a, committed at 946bacb before it was scored), scored once on 2026-12-05: family 1/2, exact
    // 1/2 (missed: kamaji's control-plane kubeconfigs whose client certificates expire unrotated, told
    // in prose beside a bare Unauthorized, answered only with ranked causes), look-alikes flagged 1/18
    // (kubespray's NTP document read as a node clock that is off).
    ['holdout-17', holdout17, { family: 0.5, exact: 0.5, falsePositives: 0.06 }],
    // The eighteenth (20 texts from the docs corpus, queries aimed at error texts; rules frozen at
    // c1b803b, committed at c95c126 before it was scored), scored once on 2026-12-05: family 0/1, exact
    // 0/1 (OpenShift's installer: a cluster off for two days whose kubelet certificate lapsed, told
    // beside etcd's start-up log only), look-alikes flagged 4/19 (a cluster check's page on etcd
    // certificate expiry, two calicoctl ipam index pages read as Calico out of addresses, flannel's
    // start-up warning that subnet.env has no FLANNEL_IPV6_SUBNET read as the file missing).
    ['holdout-18', holdout18, { family: 0, exact: 0, falsePositives: 0.22 }],
    // The nineteenth (10 texts from the issues corpus, error-text queries in new wordings, three in
    // Chinese; of 120 results only 10 were new and in the test split; rules frozen at dbe7386, committed
    // at 76ceb8c before it was scored), scored once on 2026-12-05: family 2/4, exact 2/4 (missed: an
    // agent's kubelet client that never reloads its token, told as a design question; OpenShift 3's
    // node certificates without IP SANs, told without the kubelet's port or name), look-alikes flagged
    // 1/6 (a pull request titled "Fix NodeClockSkewDetected alert" read as a clock that is off).
    ['holdout-19', holdout19, { family: 0.5, exact: 0.5, falsePositives: 0.17 }],
    // The twentieth (10 texts from the code corpus — runbooks, notes, repair scripts and product pages
    // kept in GitHub repositories —, a source no hold-out had used; twelve queries written first, three in
    // Chinese; rules frozen at 763b961, committed at 6fd2d3d before it was scored), scored once on
    // 2026-12-06: family 3/3, exact 3/3, look-alikes flagged 2/7 (Quay's "The OAuth token could not be
    // validated" read as Kubernetes 1.21's not-yet-valid sentence; OpenShift's NodeClockNotSynchronising
    // runbook, its example chronyd output read as a clock step). h432 was first labelled skew/node-clock
    // and corrected after scoring to none, the label earlier hold-outs gave runbooks (h359, k1081).
    ['holdout-20', holdout20, { family: 1, exact: 1, falsePositives: 0.29 }],
    // The twenty-first (4 texts from the code corpus, twelve new queries, ten of which found no new
    // test-split text; rules frozen at c203adf, committed at 480344a before it was scored), scored once
    // on 2026-12-06: family 1/1, exact 1/1, look-alikes flagged 0/3. Too small to say much alone.
    ['holdout-21', holdout21, { family: 1, exact: 1, falsePositives: 0 }],
    // The twenty-second (4 texts from the pages corpus, twelve new queries, nine of which found no new
    // test-split text; rules frozen at 23d60e8, committed before it was scored), scored once on
    // 2026-12-06: family 2/2, exact 2/2, look-alikes flagged 0/2.
    ['holdout-22', holdout22, { family: 1, exact: 1, falsePositives: 0 }],
    // The twenty-third (4 texts in Korean, Japanese and English from the pages and issues corpora, queries
    // in languages other than English and Chinese, three of twelve finding a new test-split text; rules
    // frozen at ad2f59c, committed at 4946e68 before it was scored), scored once on 2026-12-06: family 0/2,
    // exact 0/2 (missed: a Korean note on expired kubeadm certificates told in Korean only; an EKS story
    // of subnets "running out of IP addresses" beside the VPC CNI's bare line), look-alikes flagged 1/2 (a
    // course's application certificate, `openssl x509 -enddate -in kubernetes/tls/cert.pem`, read as the
    // control plane's).
    ['holdout-23', holdout23, { family: 0, exact: 0, falsePositives: 0.5 }],
    // The twenty-fourth (2 look-alikes from the pages corpus: twelve queries aimed at question-and-answer
    // threads, three in Chinese; no Q&A site came back and ten queries found no new test-split text; rules
    // frozen at dec8235, committed before it was scored), scored once on 2026-12-06: look-alikes flagged 0/2.
    ['holdout-24', holdout24, { family: 0, exact: 0, falsePositives: 0 }],
    // The twenty-fifth (23 texts from the issues corpus: twelve queries aimed at little-mined test-split
    // projects — OpenYurt, CRI-O, cri-dockerd, Cluster API, Antrea, kubespray —, two in Chinese; rules
    // frozen at 376b0b6, committed at 9304a9c before it was scored), scored once on 2026-12-06: family
    // 3/4, exact 3/4 (missed: a vSphere provider pull request allowing for clock skew in HAProxy
    // certificates, told as what skew "can lead to"), look-alikes flagged 2/19 (YDB's own "token
    // verification failed: token expired" between its nodes, twice: "nodes" is the paste's only cluster word).
    ['holdout-25', holdout25, { family: 0.75, exact: 0.75, falsePositives: 0.11 }],
    // The twenty-sixth (19 texts, mostly the issues corpus: twelve queries aimed at the long tail of
    // components whose strings were read into the upstream table on 2026-12-06 — Antrea, Multus and
    // whereabouts, Vault's Kubernetes auth, Weave Net, kube-router, Talos, Spiderpool, node-problem-detector
    // —, three in Chinese; rules frozen at 321ed63, committed at 047a2c8 before it was scored), scored once
    // on 2026-12-06: family 1/3, exact 0/3 (missed: two Multus/whereabouts pool reports told in prose — "IPs
    // are not getting released", "depleted IP Pool" —; k3s's /cacerts refused under a clock reset to 2018
    // read as the loopback certificate), look-alikes flagged 2/16 (two Chinese articles on SSL certificates
    // and time sync: a browser's and a device's clock, "证书过期日期" — an expiry date — read as expired).
    ['holdout-26', holdout26, { family: 0.33, exact: 0, falsePositives: 0.125 }],
    // The twenty-seventh (20 texts of the issues corpus: twelve queries aimed at symptoms told by users of
    // the biggest test-split projects — metrics-server, kops, Argo CD, the VPC CNI, KubeSphere, kubespray,
    // k3s, flannel, kubeadm, OpenShift, Deckhouse —, two in Chinese; rules frozen at df55bc5, committed at
    // 0309b2a before it was scored), scored once on 2026-12-06: family 0/3, exact 0/3 (missed: flannel's
    // lease error cut after "node" in a title; single-node OpenShift shut down before its certificates
    // rotated, told in prose; a fix pull request's title), look-alikes flagged 0/17. The fix pull request
    // (h514) was then relabelled none, as k903 is: what is left scored family 0/2, exact 0/2, flagged 0/18.
    ['holdout-27', holdout27, { family: 0, exact: 0, falsePositives: 0 }],
    // The twenty-eighth (25 texts: twelve queries written as raw log lines users of test-split projects paste
    // — k3s' journal, flannel's subnet.env, the VPC CNI's ipamd, metrics-server, kubeadm upgrade, OpenShift 3,
    // Argo CD, kops-controller, kubespray's etcd, whereabouts, KubeSphere, a pages query —; rules frozen at
    // d9d6149, committed at a7e8f19 before it was scored), scored once on 2026-12-06: family 3/10, exact 2/10
    // (missed: kubespray's etcdctl 'certificate signed by unknown authority' three times, the VPC CNI's ipamd
    // pool stats 'total = 10, used = 10', certificates generated before chrony was configured, one-year
    // certificates told as 'issued with 1 year validity', a bare 'how to upgrade after cert expired?'; an
    // 'expired or not yet valid' the reporter says is 'not the case' answered expired), look-alikes flagged
    // 2/15 (k3s' CertificateExpirationWarning event in a feature's QA; a knowledge-base sentence 'Any
    // certificates that are expired … are automatically renewed').
    ['holdout-28', holdout28, { family: 0.3, exact: 0.2, falsePositives: 0.14 }],
    // The twenty-ninth (11 texts of the pages corpus: 24 queries, in two batches written before any search,
    // aimed at the five seed failure modes as operators write them up on web pages; rules frozen at 8f1662e,
    // committed at e80ba2c before it was scored), scored once on 2026-12-06: family 1/3, exact 1/3 (missed: a
    // Talos clock-skew guide whose x509 'is after' error it explains by the node's clock, answered
    // control-plane expiry; a Chinese note on the kernel's clocksource watchdog making the system time jump,
    // answered token expiry from an example in parentheses), look-alikes flagged 1/8 (a Calico BlockAffinity
    // how-to that names 'troubleshooting IP exhaustion' as its purpose beside `calicoctl ipam show`).
    ['holdout-29', holdout29, { family: 0.33, exact: 0.33, falsePositives: 0.125 }],
    // The thirtieth (13 texts of the issues corpus: twelve queries aimed at distributions and installers little
    // mined so far — k0s, MicroK8s, RKE2, kind, Rancher Desktop, Cluster API, Gardener, OpenYurt, Kubermatic,
    // Talos — and the newest token string; rules frozen at 4045e79, committed at 590598a before it was
    // scored), scored once on 2026-12-06: family 2/2, exact 2/2, look-alikes flagged 2/11 (a Cloud Foundry dev
    // VM whose clock drifted from the laptop's; a RancherOS host four years off reaching github).
    ['holdout-30', holdout30, { family: 1, exact: 1, falsePositives: 0.19 }],
    // The thirty-first (13 texts of the issues corpus: twelve queries aimed at the layers around the seeds —
    // other IPAMs running dry (whereabouts, Cilium, the VPC and Azure CNIs, Weave, Antrea), webhook and
    // conversion-webhook certificates, CA rotation, clients that never re-read their bound token, lease clock
    // skew; rules frozen at fa19f0c, committed at 220a90a before it was scored), scored once on 2026-12-06:
    // family 2/6, exact 1/6 (missed: a whereabouts pull request telling pods stuck 'when a range gets
    // exhausted'; 'No IP's left to assign on aws instances' in a title; Antrea's pool IPs that 'will not get
    // recycled'; a fix that 'make capsule-proxy to reload the token'; kube-state-metrics not re-reading its
    // token answered token expiry first), look-alikes flagged 1/7 (linkerd's 'Clock skew check not working
    // correctly').
    ['holdout-31', holdout31, { family: 0.33, exact: 0.16, falsePositives: 0.15 }],
    // The thirty-second (18 texts of the issues corpus: twelve queries aimed at managed and vendor Kubernetes —
    // AKS, EKS, GKE, DOKS, OKE, ACK, TKE, ROSA — and their tooling's words for the seed failures; rules frozen
    // at 6721e2f, committed at a6f4993 before it was scored), scored once on 2026-12-06: family 4/8, exact 3/8,
    // look-alikes flagged 1/10 (missed: EKS's time-bound tokens giving 'authorization errors after running for
    // a while'; 'IP address exhaustion on the node' at ~62 pods; a docs pull request's Azure CNS error (skipped
    // as a docs change); a user's kubeconfig certificate renewal answered control-plane expiry (its family);
    // flagged: a pull request reworking linkerd's clock-skew check). Two labels were then corrected by
    // precedent (h580 not yet valid also the node clock, as h110; h589 none, as every docs pull request): with
    // them the frozen rules scored family 5/7, exact 4/7, flagged 1/11, the floors below.
    ['holdout-32', holdout32, { family: 0.71, exact: 0.57, falsePositives: 0.1 }],
    // The thirty-third (10 texts of the pages corpus: twelve queries aimed at vendor knowledge-base articles and
    // support write-ups — Red Hat, Rancher, VMware, the clouds, Mirantis, Platform9, OpenShift —; rules frozen
    // at b8c96f9, committed at 2e8a2cd before it was scored), scored once on 2026-12-06: family 1/1, exact 1/1,
    // look-alikes flagged 2/9 (a knowledge base's pull request seen through GitHub's "Files changed" view; a
    // hypervisor's hosts and VMs drifting from their management platform, in Chinese, no Kubernetes).
    ['holdout-33', holdout33, { family: 1, exact: 1, falsePositives: 0.23 }],
    // The thirty-fourth (14 texts of the issues corpus: twelve queries aimed at the control plane's internals —
    // etcd peers, leader election, scheduler and aggregator certificates, apiserver-etcd-client, kubelet
    // bootstrap — and node-level IPAM state; rules frozen at d2d2ac8, committed at dca0c41 before it was
    // scored; h608 then left out as 0.23 like a dev text, k1038), scored once on 2026-12-07: family 2/2,
    // exact 2/2, look-alikes flagged 1/12 (another system's node-lease race under clock skew, no Kubernetes
    // word; fixed on 2026-12-07 as a made-up case under its own heading).
    ['holdout-34', holdout34, { family: 1, exact: 1, falsePositives: 0.09 }],
    // The thirty-fifth (16 texts of the issues corpus: twelve queries aimed at edge and desktop hosts whose
    // clocks behave differently — boards without a real-time clock, laptops that sleep, VMs restored from
    // snapshots, Windows nodes; rules frozen at 0173dfc, committed at 298a79d before it was scored), scored
    // once on 2026-12-07: family 2/3, exact 2/3 (missed: kubeadm VMs restored from snapshots, then synced),
    // look-alikes flagged 2/13 (a Colima VM's chrony step, no cluster; a feature request's "if the admin
    // certificate is expired …, we'll not be able …").
    ['holdout-35', holdout35, { family: 0.66, exact: 0.66, falsePositives: 0.16 }],
    // The thirty-sixth (2 texts of the pages corpus: twelve queries aimed at the seed failures written up in
    // Japanese, Korean, Russian, Spanish, Portuguese, German and French; rules frozen at 47da2ae, committed at
    // ad8a0c6 before it was scored; ten queries found only dev-split or held pages), scored once on 2026-12-07:
    // two look-alikes (a Russian time-sync setup guide, a Kubernetes install guide's NTP requirement), flagged 0/2.
    ['holdout-36', holdout36, { family: 1, exact: 1, falsePositives: 0 }],
    // The thirty-seventh (26 texts of the issues corpus: twelve queries aimed at the tools that talk to a
    // cluster — Terraform, Helm, Argo CD, Flux, Jenkins, Spinnaker, Crossplane, Pulumi, Prometheus,
    // kube-state-metrics; rules frozen at 47da2ae, committed at b9d1a05 before it was scored), scored once on
    // 2026-12-07: family 5/9, exact 4/9 (missed: Terraform's 'certificate signed by unknown authority' twice, an
    // operator webhook's expired certificate read as the control plane's, its fix pull request, 'expired
    // kube-api certs'), look-alikes flagged 3/17 (an EKS token from aws_eks_cluster_auth, an Incus VM's clock,
    // a token expiry the thread itself ruled out).
    ['holdout-37', holdout37, { family: 0.55, exact: 0.44, falsePositives: 0.18 }],
    // The thirty-eighth (16 texts of the issues corpus: twelve queries aimed at service meshes and certificate
    // issuers inside the cluster — Istio, Linkerd, Consul, cert-manager, SPIRE, Kyverno, Gatekeeper, Knative,
    // KEDA, the dashboard; rules frozen at bc9f5ae, committed at f9b7676 before it was scored), scored once on
    // 2026-12-07: family 2/4, exact 1/4 (missed: Knative's webhook certificates expiring after a year answered
    // as the control plane's; k3s's certificate rotation not working for a team; linkerd's proxies refusing
    // their certificates as CertNotValidYet), look-alikes flagged 0/12.
    ['holdout-38', holdout38, { family: 0.5, exact: 0.25, falsePositives: 0 }],
    // The thirty-ninth (15 texts of the issues corpus: twelve queries aimed at pod address pools running dry in
    // each cloud's and CNI's own words — GKE, EKS's VPC CNI, AKS, Cilium, Calico, Kube-OVN, OVN-Kubernetes,
    // whereabouts, k3s's flannel, Antrea, Weave; rules frozen at 05b8c66, committed at 32b11d6 before it was
    // scored), scored once on 2026-12-07: family 2/3, exact 2/3 (missed: "one of the subnet's ips is
    // exhausted" beside the VPC CNI's bare error), look-alikes flagged 1/12 (a completed pod's address reused
    // by a running pod, read as two pods sharing one).
    ['holdout-39', holdout39, { family: 0.66, exact: 0.66, falsePositives: 0.09 }],
    // The fortieth (22 texts of the issues corpus: twelve queries aimed at the storage, backup and monitoring
    // tools that run in a cluster — Velero, Rook/Ceph, CSI drivers, Prometheus's alerts and scrapes, Thanos,
    // OpenEBS, Kubeflow, Ray, agents that scrape kubelets; rules frozen at 914f88c, committed at 6e48718 before
    // it was scored), scored once on 2026-12-07: family 2/4, exact 2/4 (missed: a Kubeflow client's projected
    // token that 'doesn't work anymore' and a user asking whether to remake it every 2 hours; k3s's "Kubelet
    // serving cert SANs list should contain external IP"), look-alikes flagged 0/18.
    ['holdout-40', holdout40, { family: 0.5, exact: 0.5, falsePositives: 0 }],
    // The forty-first (12 texts of the issues corpus: twelve queries aimed at the platforms built on a cluster —
    // database and messaging operators, Cluster API, KubeEdge, OpenYurt, KubeVirt, Harvester, Rancher Fleet;
    // rules frozen at 712b766, committed at 9440492 before it was scored), scored once on 2026-12-07: family
    // 0/2, exact 0/2, look-alikes flagged 1/10. One label was then corrected to the corpus's precedent
    // (declared): a node bootstrap token that expired before slow machines joined is kubeadm's join token, not
    // a service account's (none, as k804 and k1132), which makes the scored figures family 0/1, exact 0/1,
    // flagged 1/11 (CloudNativePG's own CA read as the cluster's). Missed: an installer's certificates 'not
    // yet valid' on a VM whose hardware clock keeps local time — a text with no Kubernetes word.
    ['holdout-41', holdout41, { family: 0, exact: 0, falsePositives: 0.1 }],
    // The forty-second (25 texts of the issues corpus: twelve queries aimed at the client libraries' own words —
    // Python's, Java's and fabric8's, .NET's, Rust's, JavaScript's, Ansible's TLS and token errors — and seven
    // results hold-out 41's selection missed (a placeholder project hid their repositories' test split);
    // rules frozen at fcf05e3, committed at 33e8c00 before it was scored), scored once on 2026-12-07: family
    // 3/4, exact 3/4 (missed: Python's 'certificate verify failed: unable to get issuer certificate' from a
    // kubeconfig), look-alikes flagged 3/21 (a client library's mock server certificate from 2015; the Python
    // client's stale kubeconfig tokens 'from outside the cluster', twice).
    ['holdout-42', holdout42, { family: 0.75, exact: 0.75, falsePositives: 0.15 }],
    // The forty-third (8 texts of the issues corpus: twelve queries in Chinese, the seeds' language, and in the
    // Chinese installers' words — sealos, KubeKey, kubeasz, Rainbond; rules frozen at 89b1827, committed at
    // a103bd3 before it was scored; most results were already held), scored once on 2026-12-07: family 0/1,
    // exact 0/1 (missed: a CNI that gives a restarting pod a new address each time until 'the allocatable ip
    // addresses become less and less'), look-alikes flagged 0/7.
    ['holdout-43', holdout43, { family: 0, exact: 0, falsePositives: 0 }],
    // The forty-fourth (14 texts of the issues corpus: twelve queries aimed at the node operating systems' own
    // words — Windows nodes, Bottlerocket, Flatcar, Fedora CoreOS/RHCOS, Talos, k3OS, Ubuntu Core; rules frozen
    // at 1bf4c76, committed at 8f09f32 before it was scored), scored once on 2026-12-07: family 1/3, exact 1/3
    // (missed: a standalone kubelet's certificate 'about to expire'; k3OS's 'lack of a hardware clock' on
    // Raspberry Pis), look-alikes flagged 0/11.
    ['holdout-44', holdout44, { family: 0.33, exact: 0.33, falsePositives: 0 }],
    // The forty-fifth (10 texts of the pages corpus: twelve queries aimed at incident write-ups and postmortems,
    // the seeds' own genre; rules frozen at 06b23c3, committed at 0f6a554 before it was scored), scored once on
    // 2026-12-07: family 3/4, exact 2/4 (missed: a workstation's 'certificate to connect to the cluster is not
    // valid anymore'; a sidecar that 'loaded the token at startup and never refreshed it', read as legacy tokens
    // in use because the page compares projected tokens with them), look-alikes flagged 0/6.
    ['holdout-45', holdout45, { family: 0.75, exact: 0.5, falsePositives: 0 }],
    // The forty-sixth (6 look-alikes of the pages corpus: eight queries aimed at vendors' support knowledge-base
    // pages for Kubernetes distributions; rules frozen at e57b12f, committed at 4f1a28f before it was scored),
    // scored once on 2026-12-07: no positive; look-alikes flagged 1/6 (a SaaS status page's 'legacy tokens',
    // read as Kubernetes' legacy service-account tokens on the strength of 'deployment').
    ['holdout-46', holdout46, { family: 0, exact: 0, falsePositives: 0.17 }],
    // The forty-seventh (15 texts of the issues corpus: twelve queries aimed at workload identity — cloud SDKs
    // and secret stores that present a pod's projected service-account token to their own verifier; rules
    // frozen at 4410d79, committed at 28eb491 before it was scored), scored once on 2026-12-07: family 0/3,
    // exact 0/3 (missed: Entra ID's AADSTS700024 a day after the pod started; EKS Pod Identity's 'Service
    // account token failed basic claim validations: token is expired'; a fix PR for web identity credentials
    // that did not pick up the rotated token), look-alikes flagged 1/12 ('set my service account token to
    // expire every 600 seconds').
    ['holdout-47', holdout47, { family: 0, exact: 0, falsePositives: 0.09 }],
    // The forty-eighth (19 texts of the issues corpus: twelve queries aimed at observability agents and log
    // shippers as clients of the kubelet and the apiserver; rules frozen at 3c20ad9, committed at 835e49f before
    // it was scored), scored once on 2026-12-07: family 2/5, exact 2/5 (missed: a chart that stops verifying the
    // kubelet's self-signed certificate; fluent-bit's kube_token_ttl PR; fluent-bit that 'does not reread the
    // updated token'), look-alikes flagged 0/14.
    ['holdout-48', holdout48, { family: 0.4, exact: 0.4, falsePositives: 0 }],
    // The forty-ninth (20 texts of the issues corpus: twelve queries aimed at pod address pools as node
    // lifecycle and autoscaling meet them; rules frozen at 631f1ec, committed at b99386a before it was scored), scored once
    // on 2026-12-07: family 4/7, exact 4/7 (missed: the VPC CNI's error behind a stalled scale-up; 'nodes where
    // no pod IPs can be allocated'; spot replacements whose pods get no address), look-alikes flagged 2/13 (a
    // question whether a change could leak an IP; a leaked 'ip rule').
    ['holdout-49', holdout49, { family: 0.57, exact: 0.57, falsePositives: 0.16 }],
    // The fiftieth (6 texts of the pages corpus: twelve queries aimed at the clouds' own troubleshooting and
    // help pages; rules frozen at 6182903, committed at ecc1d06 before it was scored; a seventh, StarlingX's
    // renewal page, was already hold-out 33's h603 — found by a split check given a placeholder path — and is
    // removed), scored once on 2026-12-07: family 1/1, exact 1/1, look-alikes flagged 1/5 (a learning diary's
    // subnet arithmetic, 'we hit an IP exhaustion wall').
    ['holdout-50', holdout50, { family: 1, exact: 1, falsePositives: 0.2 }],
    // The fifty-first (14 texts of the issues corpus: eight queries aimed at etcd's view of the seed failures —
    // members' clocks, peer and server certificates; rules frozen at cc9b709, committed at d4f4128 before it was
    // scored), scored once on 2026-12-07: family 1/1, exact 1/1, look-alikes flagged 2/13 (an etcd operator's
    // design review quoting the x509 expiry error a probe could look for; an application's membership liveness
    // sensitive to clock skew 'across nodes'). Neither is fixed: gating the node-clock description on strong
    // Kubernetes words would drop a dev positive (Talos) and one test-split positive (aggregate only).
    ['holdout-51', holdout51, { family: 1, exact: 1, falsePositives: 0.16 }],
    // The fifty-second (15 texts of the issues and pages corpora: twelve queries aimed at clusters brought back
    // after time away — powered off for months, VM snapshots restored, suspended labs, restores, node IPs changed
    // by DHCP; rules frozen at ef17159 with a shared question gate moved but no answer changed, committed at
    // b2b5797 before it was scored; a duplicated docs PR left out), scored once on 2026-12-07: all look-alikes
    // (the positives these queries found were already corpus or hold-out texts), flagged 0/15.
    ['holdout-52', holdout52, { family: 1, exact: 1, falsePositives: 0 }],
    // The fifty-third (20 texts of the issues corpus: twelve queries aimed at CI/CD and build systems in or
    // against a cluster; rules frozen at b2b5797, committed at b7932e6 before it was scored), scored once on
    // 2026-12-07: family 3/3, exact 3/3, look-alikes flagged 1/17 (the fabric8 client's fixed 'Token may have
    // expired!' on an EKS IAM token's 401).
    ['holdout-53', holdout53, { family: 1, exact: 1, falsePositives: 0.06 }],
    // The fifty-fourth (17 texts of the issues corpus: twelve queries aimed at multi-cluster managers and
    // agents holding credentials to member clusters; rules frozen at fdf1292, committed at d907f66 before it was
    // scored), scored once on 2026-12-07: family 1/2, exact 1/2 (missed: 'kubectl logs … verify
    // serving-kubelet.crt failed', a kubelet serving certificate failing verification told in words), look-alikes
    // flagged 0/15.
    ['holdout-54', holdout54, { family: 0.5, exact: 0.5, falsePositives: 0 }],
    // The fifty-fifth (22 texts of the issues corpus: twelve queries aimed at serverless and batch/data workloads
    // on Kubernetes — long jobs outliving tokens, pod churn, their webhooks' certificates; rules frozen at 200477a,
    // committed at 0a47b50 before it was scored), scored once on 2026-12-07: family 2/3, exact 2/3 (missed: an
    // operator's DaemonSet whose service-account tokens 'are not refreshed', then Unauthorized), look-alikes
    // flagged 1/19 (Spark on YARN's Hadoop delegation token, 'a expired token').
    ['holdout-55', holdout55, { family: 0.66, exact: 0.66, falsePositives: 0.06 }],
    // The fifty-sixth (21 texts of the issues corpus: twelve queries aimed at infrastructure-as-code that builds
    // and drives clusters — Cluster API, Terraform's kubernetes/helm providers, Crossplane, Ansible; rules frozen
    // at 85b6cd6, committed at 66e3fae before it was scored), scored once on 2026-12-07: family 3/4, exact 2/4
    // (missed: a Helm install's 'Post https://…/deployments: x509: certificate signed by unknown authority' with
    // no CA configured in the paste; answered as control-plane expiry: an OpenShift install's ambiguous x509
    // error beside a certificate minted that morning), look-alikes flagged 0/17.
    ['holdout-56', holdout56, { family: 0.75, exact: 0.5, falsePositives: 0 }],
    // The fifty-seventh (6 texts of the pages corpus: twelve queries aimed at study notes, exam prep and lab
    // write-ups; rules frozen at 5da3b30, committed at 7e7dc00 before it was scored), scored once on 2026-12-07:
    // all look-alikes, flagged 2/6 (a tutorial's 'the token injected into a pod is invalidated the moment the pod
    // disappears'; a Chinese how-to titled with kubeadm certificate renewal).
    ['holdout-57', holdout57, { family: 1, exact: 1, falsePositives: 0.34 }],
    // The fifty-eighth (14 texts, 13 of the issues corpus: twelve queries aimed at upgrades and migrations —
    // kubeadm and k3s upgrades, the 1.24 token change, CNI and runtime migrations; rules frozen at 89c2371,
    // committed at e763c9e before it was scored), scored once on 2026-12-07: family 2/2, exact 2/2, look-alikes
    // flagged 1/12 (kubeadm's feature request 'we mint certs that expire after 1 year').
    ['holdout-58', holdout58, { family: 1, exact: 1, falsePositives: 0.09 }],
    // The fifty-ninth (16 texts of the issues corpus: twelve queries aimed at security scanners, policy engines
    // and compliance tools; rules frozen at 503b030, committed at 615aeb8 before it was scored), scored once on
    // 2026-12-07: family 1/1, exact 0/1 (the fluentd filter's tokens that 'go stale', answered token/expired),
    // look-alikes flagged 0/15.
    ['holdout-59', holdout59, { family: 1, exact: 0, falsePositives: 0 }],
    // The sixtieth (12 texts of the issues corpus: twelve queries aimed at products and appliances that embed a
    // cluster — CRC, MicroShift, TrueNAS SCALE, vcluster, Kamaji, Portainer; rules frozen at 69f62ae, committed
    // at 47b892d before it was scored), scored once on 2026-12-07: family 1/2, exact 1/2 (missed: a CRC bundle's
    // 'certificates have expired'), look-alikes flagged 0/10.
    ['holdout-60', holdout60, { family: 0.5, exact: 0.5, falsePositives: 0 }],
    // The sixty-first (14 texts of the issues corpus: twelve queries aimed at virtual nodes and alternate
    // kubelets — virtual-kubelet, EKS Fargate, ACI, Krustlet, Liqo; rules frozen at 084b6f7, committed at d77f122
    // before it was scored), scored once on 2026-12-07: family 0/1, exact 0/1 (missed: 'kubectl logs returns tls:
    // internal error'), look-alikes flagged 3/13 (an application's coordinators' clocks twice, a pod IP missing
    // from a virtual agent's certificate).
    ['holdout-61', holdout61, { family: 0, exact: 0, falsePositives: 0.24 }],
    // The sixty-second (20 texts of the issues corpus: twelve queries aimed at IPv6 and dual-stack clusters;
    // rules frozen at 5629a42, committed at ec2e84d before it was scored), scored once on 2026-12-07: family 1/2,
    // exact 1/2 (missed: flannel's 'registering network: failed to acquire lease' without its detail),
    // look-alikes flagged 0/18.
    ['holdout-62', holdout62, { family: 0.5, exact: 0.5, falsePositives: 0 }],
    // The sixty-third (9 texts of the issues corpus: twelve queries aimed at air-gapped and offline clusters;
    // rules frozen at 1f2d7d0, committed at ba052ac before it was scored), scored once on 2026-12-07: all
    // look-alikes, flagged 1/9 (a pasted answer's 'achieving zero clock drift across all servers').
    ['holdout-63', holdout63, { family: 1, exact: 1, falsePositives: 0.12 }],
    // The sixty-fourth (20 texts of the issues corpus: twelve queries aimed at stateful data systems operated on
    // Kubernetes — database, queue and search operators and their clocks, webhooks, tokens and pod addresses;
    // rules frozen at 48e4392, committed at 443bbd3 before it was scored), scored once on 2026-12-07: family 1/1,
    // exact 0/1 (hourly 401s after --service-account-extend-token-expiration=false, answered token/expired),
    // look-alikes flagged 0/19.
    ['holdout-64', holdout64, { family: 1, exact: 0, falsePositives: 0 }],
    // The sixty-fifth (11 texts of the issues corpus: twelve queries aimed at the smaller managed Kubernetes
    // clouds and hosting providers; rules frozen at 921d6a1, committed at f0d545f before it was scored), scored
    // once on 2026-12-07: family 2/3, exact 2/3 (missed: a hard-way worker's 'Failed to create pod sandbox:
    // invalid CIDR address'), look-alikes flagged 0/8.
    ['holdout-65', holdout65, { family: 0.66, exact: 0.66, falsePositives: 0 }],
    // The sixty-sixth (17 texts of the issues corpus: twelve queries aimed at machine-learning and GPU platforms
    // on Kubernetes; rules frozen at a22d193, committed at 2d874f4 before it was scored), scored once on
    // 2026-12-07: family 1/1, exact 0/1 (an MLflow client that 'reads the Kubernetes ServiceAccount token once',
    // answered token/expired), look-alikes flagged 2/16 (a guide's `iptables -P FORWARD ACCEPT` step; linkerd's
    // clock-skew check the title calls a false alarm).
    ['holdout-66', holdout66, { family: 1, exact: 0, falsePositives: 0.13 }],
    // The sixty-seventh (14 texts of the issues corpus: twelve queries aimed at storage systems and CSI drivers
    // on Kubernetes; rules frozen at 7380867, committed at 1382752 before it was scored), scored once on
    // 2026-12-07: all look-alikes, flagged 4/14 (a vendor CNI's expired certificate and an EKS cluster's bare
    // x509 error, both labelled none as ambiguous; a pull request documenting how to fix expired certificates;
    // an application's token 'not getting expired').
    ['holdout-67', holdout67, { family: 1, exact: 1, falsePositives: 0.29 }],
    // The sixty-eighth (24 texts of the issues corpus: twelve queries aimed at developer inner-loop tools and
    // the build and test infrastructure around clusters — Skaffold, DevSpace, Teleport, kubebuilder, Prow, Lens;
    // rules frozen at 6c47bb1, committed at 4a594a0 before it was scored), scored once on 2026-12-07: family 3/7,
    // exact 3/7 (missed: a webhook server 'not reloading the certificate from disk after it expired'; a client
    // with no 'reference to refreshing that token'; a one-year TokenRequest token a reviewer says will expire;
    // Prow build-cluster credentials that 'expired after a couple of days'), look-alikes flagged 1/17 (a title
    // asking 'Expired token?' over fabric8's fixed 401 text).
    ['holdout-68', holdout68, { family: 0.42, exact: 0.42, falsePositives: 0.06 }],
    // The sixty-ninth (8 texts of the issues corpus: twelve queries aimed at Windows nodes and mixed
    // Linux/Windows clusters; seven found only dev-split or held results; rules frozen at 318879b, committed at
    // the data commit before it was scored), scored once on 2026-12-07: family 1/1, exact 1/1, look-alikes
    // flagged 0/7.
    ['holdout-69', holdout69, { family: 1, exact: 1, falsePositives: 0 }],
    // The seventieth (33 texts of the issues corpus: twelve queries aimed at identity providers, SSO proxies and
    // dashboards in front of clusters; rules frozen at 288a40f, committed before it was scored), scored once on
    // 2026-12-07: family 2/2, exact 2/2, look-alikes flagged 0/31.
    ['holdout-70', holdout70, { family: 1, exact: 1, falsePositives: 0 }],
    // The seventy-first (27 texts of the issues corpus: twelve queries aimed at cluster add-ons whose projects
    // hash to the test split — Prometheus and Grafana charts, prometheus-operator, kube-state-metrics, MetalLB,
    // external-dns, cluster-autoscaler, Linkerd; rules frozen at 322dc15, committed before it was scored),
    // scored once on 2026-12-07: family 1/3, exact 1/3 (missed: an IRSA pod that 'can't assume the SA's
    // assigned role' after a long run until restarted; Go's unquoted 'Get https://10.253.0.1:443/version: x509:
    // certificate signed by unknown authority'), look-alikes flagged 1/24 (Linkerd's webhook certificates
    // 'near their expiry' in a paste about `linkerd check`'s severity).
    ['holdout-71', holdout71, { family: 0.33, exact: 0.33, falsePositives: 0.05 }],
    // The seventy-second (4 texts, mostly of the pages corpus: twelve queries aimed at the seed failures written
    // up in languages other than English and Chinese; rules frozen at ed394f6, committed at 766facc before it
    // was scored), scored once on 2026-12-07: all look-alikes, flagged 0/4.
    ['holdout-72', holdout72, { family: 1, exact: 1, falsePositives: 0 }],
    // The seventy-third (10 texts of the issues corpus: the same languages in GitHub issues; rules frozen at
    // ed394f6, committed at 766facc before it was scored), scored once on 2026-12-07: family 3/4, exact 3/4
    // (missed: nextflow's executor failing on workflows 'longer than 1 hour' since tokens are 'refreshed each
    // hour'), look-alikes flagged 0/6.
    ['holdout-73', holdout73, { family: 0.75, exact: 0.75, falsePositives: 0 }],
    // The seventy-fourth (17 texts of the issues corpus: twelve queries aimed at telecom, blockchain and
    // game-server platforms on Kubernetes; rules frozen at 405b810, committed at 4171166 before it was scored),
    // scored once on 2026-12-07: family 0/1, exact 0/1 (missed: nvmesh-csi-driver's client that logs 401 'after
    // one hour' under 'BoundServiceAccountVolume'), look-alikes flagged 0/16.
    ['holdout-74', holdout74, { family: 0, exact: 0, falsePositives: 0 }],
    // The seventy-fifth (8 texts of the issues corpus: twelve queries aimed at ingress controllers and gateways,
    // application runtimes with their own in-cluster CA, and chaos engineering; rules frozen at 3aa7c72,
    // committed at b70dfed before it was scored), scored once on 2026-12-08: family 2/2, exact 1/2 (a k3s
    // cluster's kubectl and Helm at 127.0.0.1:6443 answered cert/loopback-expiry first, and a reinstall after
    // months of running read as a fresh install), look-alikes flagged 0/6.
    ['holdout-75', holdout75, { family: 1, exact: 0.5, falsePositives: 0 }],
    // The seventy-sixth (9 texts of the issues corpus: twelve queries aimed at node maintenance, reboots, VM
    // snapshots, power loss and hibernation, and the alerts and exporters that report expiry and skew; rules
    // frozen at 1dbc2ee, committed at 8bea5fa before it was scored), scored once on 2026-12-08: all
    // look-alikes, flagged 2/9 (an alert rule's templated 'Clock skew detected on node-exporter {{ … }}' in a
    // role's defaults; a metric added 'to help [detect clock drift]' and 'an alert for when' a clock drifted).
    ['holdout-76', holdout76, { family: 1, exact: 1, falsePositives: 0.23 }],
    // The seventy-seventh (7 texts of the pages corpus: twelve queries aimed at the seed failure modes written up
    // on Chinese web pages; rules frozen at 69282b3, committed before it was scored), scored once on
    // 2026-12-08: family 0/1, exact 0/1 (a chrony guide that puts x509 validity errors down to untrusted server
    // time, answered cert/not-yet-valid first), look-alikes flagged 0/6.
    ['holdout-77', holdout77, { family: 0, exact: 0, falsePositives: 0 }],
    // The seventy-eighth (15 texts of the issues corpus: twelve queries aimed at NAS and home-lab appliances that
    // embed k3s and at bare-metal provisioning and immutable node OSes; rules frozen at c448ed4, committed before it
    // was scored), scored once on 2026-12-08: family 2/2, exact 2/2, look-alikes flagged 0/13.
    ['holdout-78', holdout78, { family: 1, exact: 1, falsePositives: 0 }],
    // The seventy-ninth (8 texts of the issues corpus: twelve queries aimed at secrets delivery into pods and the
    // overlay/VPN networks around clusters; rules frozen at 1876340, committed before it was scored), scored once on
    // 2026-12-08: all look-alikes, flagged 2/8 (a console's own JWT expiring at its login page, with documentation
    // on node clock skew quoted; a question about what happens if a node's /24 runs out of IPs).
    ['holdout-79', holdout79, { family: 1, exact: 1, falsePositives: 0.25 }],
    // The eightieth (12 texts of the issues corpus: twelve queries aimed at operator frameworks and Kubernetes clients
    // in the less-mined languages meeting expired or stale tokens; rules frozen at b0b7b83, committed before it was
    // scored), scored once on 2026-12-08: family 1/1, exact 1/1, look-alikes flagged 2/11 (a modelling engine's own
    // expired token on its "nodes"; Kibana's own service-account tokens).
    ['holdout-80', holdout80, { family: 1, exact: 1, falsePositives: 0.19 }],
    // The eighty-first (21 texts of the docs, pages and issues corpora: twelve queries aimed at release notes and
    // changelogs that name the seed failures as fixed bugs; rules frozen at be89c57, committed before it was scored),
    // scored once on 2026-12-08: family 1/1, exact 1/1, look-alikes flagged 1/20 (a how-to's flowchart and script
    // naming leaked IPs).
    ['holdout-81', holdout81, { family: 1, exact: 1, falsePositives: 0.05 }],
    // The eighty-second (18 texts of the issues and pages corpora: twelve queries aimed at container runtimes and
    // sandboxed runtimes meeting leaked addresses and drifting guest clocks; rules frozen at 65020b2, committed before
    // it was scored), scored once on 2026-12-08: all look-alikes, flagged 1/18 (a KubeVirt guest's clock-drift gate).
    ['holdout-82', holdout82, { family: 1, exact: 1, falsePositives: 0.06 }],
    // The eighty-third (15 texts of the issues corpus: twelve queries aimed at aggregated API servers and the
    // aggregation layer's certificates; rules frozen at 6ac0cee, committed before it was scored), scored once on
    // 2026-12-08: family 0/1, exact 0/1, look-alikes flagged 2/14 (metrics-server's FAQ on front-proxy certificates;
    // a docs title on a hosted mesh's apiserver certificate expiry).
    ['holdout-83', holdout83, { family: 0, exact: 0, falsePositives: 0.15 }],
    // The eighty-fourth (14 texts of the issues and pages corpora: twelve queries aimed at node and control-plane
    // IP addresses that change and the certificates that still name the old address; rules frozen at 5350719,
    // committed before it was scored), scored once on 2026-12-08: family 0/1, exact 0/1, look-alikes flagged 1/13
    // (a certificate-rotation how-to's illustrated openssl output and "check the CA expiration" steps).
    ['holdout-84', holdout84, { family: 0, exact: 0, falsePositives: 0.08 }],
    // The eighty-fifth (14 texts of the issues, docs and pages corpora: twelve queries aimed at the end of secret-based
    // service-account tokens and the move to TokenRequest; rules frozen at b040fc6, committed before it was scored),
    // scored once on 2026-12-08: all look-alikes, flagged 3/14 (doctl's own token, a Chinese page on legacy-token
    // generation ending, a Jenkins fix saying token credentials may expire).
    ['holdout-85', holdout85, { family: 1, exact: 1, falsePositives: 0.22 }],
    // The eighty-sixth (11 texts of the issues and pages corpora: twelve queries aimed at time-sync daemons and the
    // events they cause as cluster components see them; rules frozen at ced0cb4, committed before it was scored),
    // scored once on 2026-12-08: family 0/1, exact 0/1, look-alikes flagged 1/10 (RancherOS's ntpd under its
    // cloud-config's `rancher:` key).
    ['holdout-86', holdout86, { family: 0, exact: 0, falsePositives: 0.1 }],
    // The eighty-seventh (7 texts of the issues and pages corpora: twelve queries aimed at pod address pools in the
    // less common CNIs and IPAM plugins; rules frozen at 1a44fa8, committed before it was scored), scored once on
    // 2026-12-08: all look-alikes, flagged 0/7.
    ['holdout-87', holdout87, { family: 1, exact: 1, falsePositives: 0 }],
    // The eighty-eighth (13 texts of the issues corpus: twelve queries aimed at kOps and OpenShift's operators on the
    // seed failures; rules frozen at ca56dd1, committed before it was scored), scored once on 2026-12-08: family 3/4,
    // exact 3/4, look-alikes flagged 0/9 (missed: machine-config daemons keeping an expired signer's CA bundle).
    ['holdout-88', holdout88, { family: 0.75, exact: 0.75, falsePositives: 0 }],
    // The eighty-ninth (13 texts of the issues corpus: twelve queries aimed at the node-local and front-end agents of a
    // cluster — kube-vip, keepalived/HAProxy, CoreDNS, kube-proxy, NodeLocal DNSCache, konnectivity; rules frozen at
    // 9e805d6, committed before it was scored), scored once on 2026-12-08: family 2/3, exact 2/3, look-alikes flagged
    // 1/10 (missed: a proxy whose projected token went stale after one hour; flagged: a trojan proxy's certificate).
    ['holdout-89', holdout89, { family: 0.66, exact: 0.66, falsePositives: 0.1 }],
    // The ninetieth (12 texts of the issues and pages corpora: twelve queries aimed at failures told by the time
    // they took to appear; rules frozen at cfce022, committed before it was scored), scored once on 2026-12-08:
    // family 1/3, exact 0/3, look-alikes flagged 2/9 (an application's access tokens and its servers' clocks, a
    // guide's definition of legacy tokens).
    ['holdout-90', holdout90, { family: 0.33, exact: 0, falsePositives: 0.23 }],
    // The ninety-first (12 texts of the issues corpus: twelve queries aimed at the alerts and exporters that report the
    // seed failures; rules frozen at 4dc30df, committed before it was scored), scored once on 2026-12-08: family
    // 1/2, exact 1/2, look-alikes flagged 3/10 (an alert-threshold PR, a certificate regenerated "when it is going
    // to expire", NodeClockSkewDetected false positives).
    ['holdout-91', holdout91, { family: 0.5, exact: 0.5, falsePositives: 0.3 }],
  ];
  test.each(floorsOf)(
    '%s: family, exact and false-positive floors (the figures it scored once)',
    (name, set, floors) => {
      expectFloors(name, set, floors);
    },
  );
});
