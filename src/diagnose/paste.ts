/**
 * Bounding, clean-up and redaction of pasted text. Everything untrusted passes through here
 * before a rule sees it: a byte cap, a per-line cap, ANSI and CR stripping, Slack unescaping, and
 * detection and redaction of credentials (JWTs, bearer values, Slack tokens, private keys,
 * kubeconfig secrets). Every regex here is linear.
 * @module
 */
import { createHash } from 'node:crypto';
import { MONTHS } from '../core/format.js';
import { PASTE_MAX_BYTES, PASTE_MAX_LINE_CHARS } from '../core/limits.js';
import type { Paste, SecretKind } from './rule.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escape codes is the point
const ANSI_RE = /\u001b\[[0-9;?]{0,32}[A-Za-z]|\u001b\][^\u0007\u001b]{0,256}(?:\u0007|\u001b\\)/g;
/** A compact JWS: three base64url parts, the first two JSON objects ("eyJ"). */
export const JWT_RE = /eyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{8,16384}\.[A-Za-z0-9_-]{0,4096}/g;
const SLACK_RE = /\bxox[abposre]-[A-Za-z0-9-]{8,200}/g;
const SLACK_APP_RE = /\bxapp-[0-9]-[A-Za-z0-9-]{8,200}/g;
const BEARER_RE = /(\bBearer\s+)([A-Za-z0-9._~+/=:-]{4,4096})/gi;
const BASIC_RE = /(\bBasic\s+)([A-Za-z0-9+/=]{8,4096})/gi;
/** user:password@ in any URL or connection string (https, mongodb, postgres, redis, amqp …). */
const URL_PASSWORD_RE = /(\b[a-z][a-z0-9+.-]{1,20}:\/\/[^:/\s@]{1,256}:)([^@\s/]{1,256})(@)/gi;
/**
 * Credentials recognisable by their shape alone: AWS access key ids, GitHub, Google API keys and
 * OAuth access tokens (ya29.), GitLab, Vault (hvs./hvb./hvr.), OpenShift (sha256~), npm, Stripe live
 * keys, OpenAI/Anthropic keys, and Slack incoming-webhook URLs. Prefixes from each vendor's own
 * documentation; secretlint's recommended preset was measured and catches 2 of the 15 red-team forms
 * (docs/security.md), so these are ours.
 */
const TOKEN_SHAPES_RE =
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{36,255}\b|\bAIza[0-9A-Za-z_-]{35}\b|\bglpat-[A-Za-z0-9_-]{20,}|\bhv[sbr]\.[A-Za-z0-9_-]{20,1024}|\bsha256~[A-Za-z0-9_-]{20,256}|\bya29\.[0-9A-Za-z_-]{20,4096}|\bnpm_[A-Za-z0-9]{36}\b|\b[sr]k_live_[0-9A-Za-z]{16,256}|\bsk-(?:proj-|ant-(?:api\d\d-)?|svcacct-)?[A-Za-z0-9_-]{32,512}|hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{10,256}/g;
const TOKEN_SHAPES_GATE =
  /AKIA|ASIA|gh[pousr]_|AIza|glpat-|hv[sbr]\.|sha256~|ya29\.|npm_|k_live_|sk-|hooks\.slack\.com/;
/** Secrets carried in a URL's query: SAS sig, presigned S3/GCS signatures and credentials, OAuth tokens. */
const QUERY_SECRET_RE =
  /([?&](?:sig|X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|X-Goog-Signature|X-Goog-Credential|access_token|id_token|token|code|api_key|apikey|key)=)([^&\s"'#<>]{8,4096})/gi;
/** curl -u / --user user:password. */
const CURL_USER_RE = /((?:^|\s)(?:-u|--user)\s+["']?[^\s:"'$]{1,128}:)([^\s"'$][^\s"']{0,255})/g;
/** --token value (space-separated) and friends; --flag=value is ASSIGNED_SECRET_RE's. */
const FLAG_SECRET_RE =
  /((?:^|\s)--(?:token|password|client-secret|api-key|bearer-token|auth-token|secret)\s+)(["']?)([^\s"'$<{%(][^\s"']{3,4095})/gi;
/** A key whose value is key material, mid-line too (jsonpath maps, inline YAML, env dumps). */
const KEY_MATERIAL_RE =
  /((?:\b(?:tls|ca|client|server|apiserver|sa|etcd)\.key|\.dockerconfigjson|\bssh-privatekey|\bprivate[-_]key)\s*["']?\s*[:=]\s*["']?)([A-Za-z0-9+/=_-]{16,8192})/gi;
/** A cheap first look: only lines with one of these go through redactLine. */
const MAY_HOLD_SECRET_RE =
  /bearer|basic|xox|xapp-|token|key|auth|password|passw|pwd|secret|signing|AKIA|ASIA|gh[pousr]_|AIza|glpat-|hv[sbr]\.|sha256~|ya29\.|npm_|k_live_|sk-|hooks\.slack\.com|[?&](?:sig|x-amz-\w+|x-goog-\w+|code)=|(?:^|\s)(?:-u|--user)\s|:\/\/[^\s/@]{1,256}:[^\s/@]{1,256}@/i;
/** A Slack signing secret (32 hex) named as one. */
const SIGNING_SECRET_RE = /(signing[ _-]?secret\W{0,4})([0-9a-f]{32})\b/gi;
/** key=value and --flag=value forms of secrets (env files, CLI flags, connection strings). */
const ASSIGNED_SECRET_RE =
  /(\b(?:--?)?(?:[A-Za-z0-9_]*(?:SECRET_ACCESS_KEY|SESSION_TOKEN|PASSWORD|PASSWD|SECRET|API_KEY|APIKEY|TOKEN)|password|passwd|pwd|token|secret|client-secret|bearer-token|api-key|apikey|AccountKey|SharedAccessKey)\s?[=]\s?)(["']?)([^\s"'&;,]{1,4096})/gi;
/** "key": "value" in JSON (kubeconfig as JSON, Secret data, API responses). */
const JSON_SECRET_RE =
  /("(?:auth|\.dockerconfigjson|token|client-key-data|password|passwd|client-secret|id-token|refresh-token|access-token|access_token|refresh_token|api[_-]?key|secret|tls\.key|ssh-privatekey|private_key|aws_secret_access_key)"\s*:\s*")([^"]{1,8192})(")/gi;
const KUBECONFIG_SECRET_RE =
  /^(\s*-?\s*(?:token|client-key-data|password|id-token|refresh-token|client-secret|tls\.key|ssh-privatekey|ca\.key|[\w.-]*(?:password|passwd|secret|api-?key|private-?key)[\w.-]*|[\w-]+\.key)\s*:\s*)(\S.{0,8192})$/i;
const PEM_KEY_BEGIN_RE = /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/;
const PEM_KEY_END_RE = /-----END (?:[A-Z]+ )?PRIVATE KEY-----/;

/** A short, stable reference to a secret without its value ("sha256:1a2b3c4d"). */
export function secretRef(value: string): string {
  return `sha256:${createHash('sha256').update(value).digest('hex').slice(0, 8)}`;
}

/** A Terraform (HCL) expression naming a value elsewhere: data.x.y.token, var.token, aws_x.y.token. */
const HCL_REFERENCE_RE =
  /^(?:(?:data|var|local|module|each|self)\.[A-Za-z_][\w-]*|[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][\w-]*\.[A-Za-z_][\w.[\]-]*)(?:\.[\w[\]-]+)*$/;

/** Redacts every credential in one line; returns the line and the kinds found. */
export function redactLine(line: string): { text: string; kinds: SecretKind[] } {
  const kinds: SecretKind[] = [];
  let t = line.replace(JWT_RE, (m) => {
    kinds.push('service-account token (JWT)');
    const header = m.slice(0, m.indexOf('.'));
    return `${header.slice(0, 12)}…[JWT redacted ${secretRef(m)}]`;
  });
  t = t.replace(SLACK_RE, (m) => {
    kinds.push('Slack token');
    return `${m.slice(0, 5)}[redacted ${secretRef(m)}]`;
  });
  t = t.replace(SLACK_APP_RE, (m) => {
    kinds.push('Slack token');
    return `xapp-[redacted ${secretRef(m)}]`;
  });
  t = t.replace(BEARER_RE, (m, p: string, v: string) => {
    // Short values count too ("Bearer abc123"), but not the words of a sentence ("bearer token").
    if (v.includes('[JWT redacted') || (v.length < 16 && !/\d/.test(v))) return m;
    kinds.push('bearer token');
    return `${p}[redacted ${secretRef(v)}]`;
  });
  if (/basic/i.test(t))
    t = t.replace(BASIC_RE, (m, p: string, v: string) => {
      if (!/[0-9+/=]/.test(v) && v.length < 16) return m;
      kinds.push('password');
      return `${p}[redacted ${secretRef(v)}]`;
    });
  if (t.includes('://'))
    t = t.replace(URL_PASSWORD_RE, (_m, p: string, v: string, at: string) => {
      kinds.push('password');
      return `${p}[redacted ${secretRef(v)}]${at}`;
    });
  if (TOKEN_SHAPES_GATE.test(t))
    t = t.replace(TOKEN_SHAPES_RE, (m) => {
      if (m.startsWith('hooks.slack.com')) {
        kinds.push('Slack token');
        return `hooks.slack.com/…[redacted ${secretRef(m)}]`;
      }
      kinds.push(/^(?:AKIA|ASIA|ya29\.)/.test(m) ? 'cloud credential' : 'API token');
      return `[redacted ${secretRef(m)}]`;
    });
  if (t.includes('?') || t.includes('&'))
    t = t.replace(QUERY_SECRET_RE, (m, p: string, v: string) => {
      if (v.includes('redacted')) return m;
      kinds.push(/amz|goog|sig/i.test(p) ? 'cloud credential' : 'API token');
      return `${p}[redacted ${secretRef(v)}]`;
    });
  if (t.includes('-u') || t.includes('--user'))
    t = t.replace(CURL_USER_RE, (_m, p: string, v: string) => {
      kinds.push('password');
      return `${p}[redacted ${secretRef(v)}]`;
    });
  if (t.includes('--'))
    t = t.replace(FLAG_SECRET_RE, (m, p: string, q: string, v: string) => {
      if (v.includes('redacted') || v.startsWith('[')) return m;
      kinds.push(/pass/i.test(p) ? 'password' : 'API token');
      return `${p}${q}[redacted ${secretRef(v)}]`;
    });
  if (/key|dockerconfigjson/i.test(t))
    t = t.replace(KEY_MATERIAL_RE, (m, p: string, v: string) => {
      if (v.includes('redacted')) return m;
      kinds.push(/dockerconfig/i.test(p) ? 'password' : 'private key');
      return `${p}[redacted ${secretRef(v)}]`;
    });
  if (/signing/i.test(t))
    t = t.replace(SIGNING_SECRET_RE, (_m, p: string, v: string) => {
      kinds.push('Slack token');
      return `${p}[redacted ${secretRef(v)}]`;
    });
  if (t.includes('"'))
    t = t.replace(JSON_SECRET_RE, (m, p: string, v: string, q: string) => {
      if (v.includes('redacted')) return m;
      // Docker's "auth" is base64(user:password); other "auth" values ("oidc", "none") are not secrets.
      if (/^"auth"/i.test(p) && !/^[A-Za-z0-9+/=]{12,}$/.test(v)) return m;
      kinds.push(
        /password|passwd/i.test(p)
          ? 'password'
          : /aws|secret_access/i.test(p)
            ? 'cloud credential'
            : 'kubeconfig credential',
      );
      return `${p}[redacted ${secretRef(v)}]${q}`;
    });
  if (t.includes('='))
    t = t.replace(ASSIGNED_SECRET_RE, (m, p: string, q: string, v: string) => {
      // A reference to a credential is not one: $(cat …), $VAR, ${VAR}, <placeholder>, %VAR%, and
      // Terraform's data.…, var.…, local.…, module.… or a resource's address (aws_eks_cluster_auth.c.token).
      if (/^[[$<{%(]/.test(v) || v.includes('redacted') || v.length < 3 || HCL_REFERENCE_RE.test(v)) return m;
      kinds.push(
        /SECRET_ACCESS_KEY|SESSION_TOKEN|AccountKey|SharedAccessKey/i.test(p)
          ? 'cloud credential'
          : /pass|pwd/i.test(p)
            ? 'password'
            : 'API token',
      );
      return `${p}${q}[redacted ${secretRef(v)}]`;
    });
  const k = KUBECONFIG_SECRET_RE.exec(t);
  if (k && !(k[2] as string).startsWith('[') && !(k[2] as string).includes('redacted')) {
    kinds.push(
      /password/i.test(k[1] as string)
        ? 'password'
        : /token|client-key-data|client-secret|id-token/i.test(k[1] as string)
          ? 'kubeconfig credential'
          : 'Secret data',
    );
    t = `${k[1]}[redacted ${secretRef(k[2] as string)}]`;
  }
  return { text: t, kinds };
}

/** Removes Slack's encoding of <, > and & and its link markup (<url|label> → url). */
export function unescapeSlack(s: string): string {
  return s
    .replace(/<(https?:\/\/[^|>\s]{1,2048})\|[^>]{0,512}>/g, '$1')
    .replace(/<(https?:\/\/[^>\s]{1,2048})>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** What a redacted address or host name becomes for matching: a documentation address (RFC 5737). */
export const REDACTED_ADDRESS = '192.0.2.1';

/**
 * Placeholders people put where an address or host stood: `<node-ip>`, `<master_ip>`, `IP-02`,
 * `xxx.xxx.x.x`, `XXX.XXX`, `****`, and brackets around an address (`[1.2.3.4]`). Linear.
 */
const PLACEHOLDER_RE =
  /<[A-Za-z_-]{0,24}(?:ip|addr|address|host|hostname|node|server|master)[A-Za-z0-9_-]{0,24}>|\bIP-\d{1,3}\b|\b[xX]{1,3}(?:\.[xX]{1,3}){1,3}\b|\*{3,16}/gi;

/**
 * Traditional Chinese as the rules read it: the words Taiwan and Hong Kong use for what the rules name
 * (憑證 certificate, 叢集 cluster, 伺服器 server, 權杖 token, 位址 address, 網路 network, 連線
 * connection, 逾時 timeout, 預設 default, 映像 image, 外掛 plug-in), then the traditional forms of the
 * characters the Chinese patterns use. The rules are written once, in simplified characters; what is
 * shown stays as pasted.
 */
const TRADITIONAL_WORDS = new Map(
  '憑證=证书 網路卡=网卡 網絡卡=网卡 映像=镜像 映象=镜像 外掛=插件 專案=项目 檔案=文件 檢視=查看 閘道器=网关 閘道=网关 視窗=窗口 叢集=集群 伺服器=服务器 權杖=令牌 位址=地址 網路=网络 連線=连接 逾時=超时 預設=默认 逾期=过期'
    .split(' ')
    .map((pair) => pair.split('=') as [string, string]),
);
/** The words, longest first (網路卡 before 網路), as one alternation. */
const TRADITIONAL_WORDS_SOURCE = [...TRADITIONAL_WORDS.keys()].sort((a, b) => b.length - a.length).join('|');
const TRADITIONAL_WORDS_RE = new RegExp(TRADITIONAL_WORDS_SOURCE, 'g');
/** Traditional characters and their simplified forms, in pairs (common characters, those the patterns use first). */
const TRADITIONAL_PAIRS =
  '羣群説说閲阅籤签時时證证書书間间過过節节點点鐘钟鍾钟網网調调啟启啓启後后錯错續续無无盡尽鏡镜認认撥拨報报庫库層层對对倉仓個个兩两鏈链誤误裝装經经洩泄輪轮敗败請请許许統统約约確确現现沒没來来機机換换誌志導导學学復复複复處处區区務务衝冲關关從从於于習习為为題题問问說说該该記记見见絡络終终級级簽签狀状滿满橋桥標标權权顯显數数據据態态錄录開开應应夠够葉叶變变卻却製制幾几準准決决內内丟丢與与動动發发臺台會会這这當当們们長长驗验詢询達达實实際际況况測测試试進进檢检鍵键刪删較较虛虚擬拟環环載载驟骤並并團团隊队術术階阶訊讯資资戶户線线運运隨随擇择單单屬属將将讓让給给總总產产樣样種种麼么還还邊边遠远選选適适離离難难雲云電电頁页項项順顺預预頻频體体齊齐門门閉闭閱阅陣阵隱隐雖虽靜静響响頭头風风飛飞結结綁绑維维緒绪緩缓編编縮缩繼继聯联聲声腦脑舊旧號号蓋盖規规視视覽览覺觉觸触計计訂订討讨訪访設设診诊註注評评詞词詳详誰谁談谈謝谢識识議议護护讀读負负貨货質质費费賬账購购趕赶蹤踪軟软輸输辦办連连週周違违遞递遲迟遺遗邏逻釋释針针銷销鎖锁閒闲險险雙双雜杂靈灵須须領领顏颜類类馬马驅驱參参創创嗎吗壓压壞坏奪夺寫写審审屆届張张彈弹徑径憶忆擴扩攜携斷断暫暂滅灭濾滤爭争猶犹畫画異异盤盘碼码礎础穩稳筆笔範范紀纪紅红純纯紙纸組组細细絕绝絲丝綜综練练縣县績绩繫系罰罚聽听職职肅肃膽胆臨临興兴艦舰華华萬万蘭兰虧亏衛卫補补裡里親亲觀观託托訴诉話话語语論论諸诸謂谓講讲豐丰貝贝貢贡財财責责販贩貫贯貴贵買买貸贷賀贺賓宾賽赛贈赠趙赵躍跃車车軌轨軍军軒轩輕轻輯辑轉转辭辞農农鄉乡醫医釐厘鐵铁鑰钥閃闪閘闸陰阴陽阳隻只雞鸡霧雾頂顶頓顿顧顾飽饱餘余館馆髮发鬆松魚鱼鳥鸟麗丽黨党齡龄';
const TO_SIMPLIFIED = new Map<string, string>();
for (let i = 0; i + 1 < TRADITIONAL_PAIRS.length; i += 2)
  TO_SIMPLIFIED.set(TRADITIONAL_PAIRS[i] as string, TRADITIONAL_PAIRS[i + 1] as string);
const TRADITIONAL_CHARS = [...TO_SIMPLIFIED.keys()].join('');
const TRADITIONAL_CHARS_RE = new RegExp(`[${TRADITIONAL_CHARS}]`, 'g');
const TRADITIONAL_TEST_RE = new RegExp(`[${TRADITIONAL_CHARS}]|${TRADITIONAL_WORDS_SOURCE}`);

/** Any CJK ideograph. */
const CJK_RE = /[\u3400-\u9fff]/;

/** A line in traditional Chinese, in the simplified characters the patterns are written in. */
export function simplifyChinese(line: string): string {
  if (!TRADITIONAL_TEST_RE.test(line)) return line;
  return line
    .replace(TRADITIONAL_WORDS_RE, (w) => TRADITIONAL_WORDS.get(w) ?? w)
    .replace(TRADITIONAL_CHARS_RE, (c) => TO_SIMPLIFIED.get(c) ?? c);
}

/**
 * A line's own words without what a log collector put around them: a container runtime's JSON
 * wrapper ({"log":"…"}), a leading timestamp, indentation. For tests of where a line starts.
 */
export function logBody(line: string): string {
  let t = line.trimStart();
  if (t.startsWith('{"log":"')) {
    const end = t.indexOf('","', 8);
    t = t.slice(8, end > 0 ? end : undefined);
  }
  return t.replace(ROW_STAMP_RE, '').trim();
}

/** A row's own timestamp (RFC 3339) at its start, and a CRI log's stream and tag after it. */
const ROW_STAMP_RE =
  /^\s*\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?\s+(?:(?:stdout|stderr) [FP] )?/;

/**
 * The line as the rules read it: quoting unwrapped (JSON/Go string escapes, once or twice, and
 * \x5c), typographic quotes straightened, a leading `> ` quote removed, redaction placeholders
 * mapped to REDACTED_ADDRESS. Case is left alone (patterns fold case). Linear, one pass each.
 */
export function normaliseLine(line: string): string {
  let t = line;
  if (t.includes('\\')) {
    t = t
      .replace(/\\x5c/gi, '\\')
      .replace(/\\u0022/gi, '"')
      .replace(/\\u0027/gi, "'")
      .replace(/\\{1,8}(["'])/g, '$1')
      .replace(/\\{1,8}[nrt](?![a-z])/g, ' ')
      .replace(/\\{2,8}/g, '\\');
  }
  // Each pass only where its characters occur: most log lines need none of them.
  if (/[\u201c\u201d\u201e\u2033\u2018\u2019\u2032]/.test(t))
    t = t.replace(/[\u201c\u201d\u201e\u2033]/g, '"').replace(/[\u2018\u2019\u2032]/g, "'");
  if (t.includes('>')) t = t.replace(/^[ \t]{0,8}(?:>[ \t]?){1,4}/, '');
  if (/<|IP-|[xX]\.|\*\*\*/.test(t)) t = t.replace(PLACEHOLDER_RE, REDACTED_ADDRESS);
  if (t.includes('[')) t = t.replace(/\[(\d{1,3}(?:\.\d{1,3}){3})\]/g, '$1');
  // Markdown emphasis around words ("said, _certificate has expired_"): the marks glue to the first and
  // last word (an underscore is a word character), so a pattern's \b never sees them. Only a run that
  // opens after a space or bracket and closes before one; snake_case and *v1.Pod stay as they are.
  if (/(?:^|[\s(["'])[_*]/.test(t)) t = t.replace(EMPHASIS_RE, '$1$3');
  return t;
}

const EMPHASIS_RE = /(^|[\s(["'])(\*{1,2}|_{1,2})(?=[^\s*_])([^*_\n]{0,300}[^\s*_])\2(?=$|[\s.,;:!?)\]"'])/g;

/** A line quoted with ">" (Markdown, e-mail). */
const QUOTED_RE = /^[ \t]{0,3}>/;
const FENCE_RE = /^[ \t]{0,8}(?:>[ \t]?){0,4}(?:`{3,}|~{3,})[ \t]*[\w+-]{0,20}[ \t]*$/;
/** A Markdown code fence on its own line (```, ~~~, with or without a language): it ends a paragraph. */
export const isCodeFence = (line: string): boolean => FENCE_RE.test(line);
const QUOTE_MARK_RE = /^[ \t]{0,3}>[ \t]*/;
const QUOTED_CONTINUATION_RE = /^[ \t]{0,3}>[ \t]{3,}\S/;

/**
 * How a new record starts (kubectl's and klog's own prefixes, a timestamp, a shell prompt): a wrap
 * landing exactly there is unlikely, a second line of output starting there is not.
 */
const RECORD_START_RE = new RegExp(
  String.raw`^[\s>]{0,8}(?:\{"log":")?(?:Unable to connect to the server|Error from server|error: |Warning: |[IWEF]\d{4} \d\d:\d\d|\d{4}-\d\d-\d\d[T ]\d\d:\d\d|(?:${MONTHS.join('|')}) [ \d]\d \d\d:\d\d:\d\d |\$ |# |time=")`,
  'i',
);

/** Widths terminals and log viewers wrap at. */
const TERMINAL_WIDTHS = new Set([
  72, 76, 78, 79, 80, 100, 110, 120, 128, 130, 132, 140, 150, 160, 180, 200, 220, 240, 250, 256,
]);

/** What continues a Go error chain on the next line: a request, a TLS or x509 error, its times. */
const CHAIN_NEXT_RE =
  /^[\s>]{0,8}(?:(?:Post|Get|Put|Patch|Delete|Head) "?https?:\/\/|tls: |x509: |remote error: |dial tcp |read tcp |current time \S+ is (?:after|before) |net\/http: |context deadline exceeded)/i;

/** Where a column starts: a non-space after two or more spaces (a table's layout). */
function columnStarts(line: string): Set<number> {
  const out = new Set<number>();
  for (const m of line.slice(0, 600).matchAll(/ {2,}(?=\S)/g)) out.add((m.index ?? 0) + m[0].length);
  return out;
}

/** Two rows of one table (kubectl get, a CSR list): two or more columns start at the same places. */
function tableRows(a: string, b: string): boolean {
  const starts = columnStarts(a);
  let shared = 0;
  for (const k of columnStarts(b)) if (starts.has(k) && ++shared >= 2) return true;
  return false;
}

/**
 * Joins what was one line before it was hard-wrapped, in place: a run of lines of one width (≥ 60
 * columns) and the shorter line that ends it, or a line ending in ":" and its continuation (a code
 * fence continues neither). The joined text replaces the first line of the run (for matching; the
 * others stay as they are). Returns the fragments whose text now also ends the line before them.
 */
function unwrap(lines: string[]): Set<number> {
  const original = [...lines];
  const fragments = new Set<number>();
  const mark = (from: number, to: number): void => {
    for (let k = from; k <= to; k++) fragments.add(k);
  };
  for (let i = 0; i < lines.length - 1; i++) {
    // A quoted paragraph soft-wrapped under an issue form's indentation: "> Failed to" then
    // ">   allocate address: …" (the continuation indented past the quote marker).
    if (QUOTED_RE.test(lines[i] as string) && QUOTED_CONTINUATION_RE.test(lines[i + 1] as string)) {
      let j = i;
      let joinedLine = (lines[i] as string).trimEnd();
      while (j + 1 < lines.length && j - i < 63 && QUOTED_CONTINUATION_RE.test(lines[j + 1] as string)) {
        joinedLine += ` ${(lines[j + 1] as string).replace(QUOTE_MARK_RE, '').trim()}`;
        j++;
      }
      lines[i] = joinedLine.slice(0, 2 * PASTE_MAX_LINE_CHARS);
      if (joinedLine.length <= 2 * PASTE_MAX_LINE_CHARS) mark(i + 1, j);
      i = j;
      continue;
    }
    const w = (lines[i] as string).length;
    if (w >= 60) {
      let j = i;
      while (
        j + 1 < lines.length &&
        (lines[j] as string).length === w &&
        (lines[j + 1] as string).length <= w &&
        QUOTED_RE.test(lines[j] as string) === QUOTED_RE.test(lines[j + 1] as string) &&
        !RECORD_START_RE.test(lines[j + 1] as string) &&
        !isCodeFence(lines[j + 1] as string) &&
        !tableRows(lines[j] as string, lines[j + 1] as string)
      )
        j++;
      // Two lines only, the first ending a sentence and the second starting a new one ("…tokens." then
      // "Unable to connect …"): two lines, not one that was wrapped.
      const twoSentences =
        j === i + 1 && /[.!?]["')\]]?\s*$/.test(lines[i] as string) && /^\s*[A-Z$[]/.test(lines[j] as string);
      // A long line and an indented one of a structured dump (openssl -text, YAML, a table): the
      // indentation is the dump's, a terminal's wrap does not indent.
      const indentedNext = j === i + 1 && /^\s{2,}\S/.test(lines[j] as string);
      if (j > i && !twoSentences && !indentedNext) {
        // One logical line per run (at most 64 rows joined), then carry on after the run.
        const end = Math.min(j, i + 63);
        // One full line and its rest: a terminal's hard wrap only at a terminal's width (cut mid-word,
        // joined as is); at any other width a line broken at a space (a title and its first line, a
        // soft wrap), joined with one.
        const glue = end > i + 1 || TERMINAL_WIDTHS.has(w) ? '' : ' ';
        const whole = lines.slice(i, end + 1).join(glue);
        lines[i] = whole.slice(0, 2 * PASTE_MAX_LINE_CHARS);
        if (whole.length <= 2 * PASTE_MAX_LINE_CHARS) mark(i + 1, end);
        i = j;
        continue;
      }
    }
    const cur = lines[i] as string;
    if (
      /:\s*$/.test(cur.slice(-4)) &&
      /^\s/.test(lines[i + 1] as string) &&
      !isCodeFence(lines[i + 1] as string)
    )
      lines[i] = `${cur.trimEnd()} ${(lines[i + 1] as string).trim()}`.slice(0, 2 * PASTE_MAX_LINE_CHARS);
  }
  // An error chain the writer broke after each ":" ("failed to call webhook:" / "Post …:" /
  // "tls: failed to verify certificate: x509: …"): one error, read as one line (a second pass, so a
  // line that is itself a joined wrap can start a chain).
  for (let i = 0; i < lines.length - 1; i++) {
    if (fragments.has(i)) continue;
    let whole = (lines[i] as string).trimEnd();
    let j = i;
    for (let k = i + 1; k < lines.length && k - i < 32 && /:$/.test(whole); k++) {
      if (fragments.has(k)) continue;
      if (!CHAIN_NEXT_RE.test(lines[k] as string)) break;
      whole += ` ${(lines[k] as string).trim()}`;
      j = k;
    }
    if (j === i) continue;
    lines[i] = whole.slice(0, 2 * PASTE_MAX_LINE_CHARS);
    if (whole.length <= 2 * PASTE_MAX_LINE_CHARS) mark(i + 1, j);
    i = j;
  }
  // A JSON or logfmt string value left open at the end of its line (`["Error: client: …; ` then
  // `error #0: x509:` then `certificate` …): a string literal holds no raw newline, so the lines up
  // to the one that closes it are one value a terminal or a copy broke, wherever it broke (inside a
  // word or after "x509:"). Joined from the lines as pasted (a run an earlier pass joined is taken in
  // whole), only when a line within eight closes it and no blank line comes first (prose with a stray
  // quote stays as it is).
  for (let i = 0; i < lines.length - 1; i++) {
    if (fragments.has(i) || !OPEN_VALUE_RE.test(original[i] as string)) continue;
    let open = unescapedQuotes(original[i] as string) % 2 === 1;
    let j = i;
    while (open && j + 1 < lines.length && j - i < 8) {
      const next = original[j + 1] as string;
      if (!next.trim()) break;
      j++;
      open = (unescapedQuotes(next) % 2 === 1) !== open;
    }
    if (open || j === i) continue;
    // Each row stamped on its own (`kubectl logs --timestamps`, a CRI log: a multi-line message gets a
    // timestamp per line): a continuation's stamp is not part of the value.
    const stamped = ROW_STAMP_RE.test(original[i] as string);
    let whole = original[i] as string;
    for (let k = i + 1; k <= j; k++) {
      const prev = original[k - 1] as string;
      const next = stamped ? (original[k] as string).replace(ROW_STAMP_RE, ' ') : (original[k] as string);
      // A row cut at a terminal's width was cut mid-word (joined as is, as the width pass does); any
      // other break was at a space or after a separator (joined with one).
      whole = TERMINAL_WIDTHS.has(prev.length) ? whole + next : `${whole.trimEnd()} ${next.trim()}`;
    }
    lines[i] = whole.slice(0, 2 * PASTE_MAX_LINE_CHARS);
    if (whole.length <= 2 * PASTE_MAX_LINE_CHARS) mark(i + 1, j);
    i = j;
  }
  return fragments;
}

/** A line whose last double quote opens a value (after `[`, `{`, `,`, `:` or `=`) and leaves it open. */
const OPEN_VALUE_RE = /(?:^|[[{,:=]\s*)"(?:[^"\\]|\\.){0,2000}$/;

/** How many double quotes a line holds that are not escaped (`\"` is a quote inside a string). */
function unescapedQuotes(line: string): number {
  let n = 0;
  for (let k = 0; k < line.length; k++) {
    const c = line.charCodeAt(k);
    if (c === 92) k++;
    else if (c === 34) n++;
  }
  return n;
}

/** Cuts a string to at most `maxBytes` of UTF-8 without splitting a character. */
function cutUtf8(s: string, maxBytes: number): { text: string; bytes: number; cut: boolean } {
  const bytes = Buffer.byteLength(s, 'utf8');
  if (bytes <= maxBytes) return { text: s, bytes, cut: false };
  const buf = Buffer.from(s, 'utf8');
  let end = maxBytes;
  while (end > 0 && ((buf[end] as number) & 0xc0) === 0x80) end--;
  return { text: buf.subarray(0, end).toString('utf8'), bytes: buf.length, cut: true };
}

/** Prepares pasted text for the rules. Never throws; any string is accepted. */
export function preparePaste(input: string, opts: { slack?: boolean } = {}): Paste {
  const { text: bounded, bytes, cut } = cutUtf8(input, PASTE_MAX_BYTES);
  // Each pass only where its character occurs (most pastes have no escape code and no CR).
  let t = bounded.includes('\u001b') ? bounded.replace(ANSI_RE, '') : bounded;
  if (t.includes('\r')) t = t.replace(/\r\n?/g, '\n');
  if (opts.slack) t = unescapeSlack(t);
  let longLines = 0;
  const raw = t.split('\n').map((l) => {
    if (l.length <= PASTE_MAX_LINE_CHARS) return l;
    longLines++;
    return l.slice(0, PASTE_MAX_LINE_CHARS);
  });
  const joined = [...raw];
  const wrapped = unwrap(joined);
  // Chinese is read in simplified characters (simplifyChinese); the test runs per line only when the
  // paste has any CJK character at all.
  const cjk = CJK_RE.test(t);
  const lines = cjk ? joined.map((l) => simplifyChinese(normaliseLine(l))) : joined.map(normaliseLine);
  const secrets = new Set<SecretKind>();
  const shownCache = new Map<number, string>();
  let inKey = false;
  const keyLines = new Set<number>();
  raw.forEach((l, i) => {
    if (PEM_KEY_BEGIN_RE.test(l)) {
      inKey = true;
      secrets.add('private key');
    }
    if (inKey) keyLines.add(i);
    if (PEM_KEY_END_RE.test(l)) inKey = false;
  });
  // Detect credentials everywhere (not only in lines a rule quotes), so the answer can warn.
  for (let i = 0; i < raw.length; i++) {
    if (keyLines.has(i)) continue;
    const l = raw[i] as string;
    if (l.includes('eyJ') || MAY_HOLD_SECRET_RE.test(l)) {
      for (const k of redactLine(l).kinds) secrets.add(k);
    }
  }
  return {
    lines,
    wrapped,
    // Traditional Chinese read as simplified here too: the paste-wide tests (is it about a cluster,
    // a clock?) use the patterns' characters. Decoders read only ASCII (PEM, JWTs, times).
    text: cjk ? simplifyChinese(raw.join('\n')) : raw.join('\n'),
    originalBytes: bytes,
    truncated: cut,
    longLines,
    secrets: [...secrets],
    shown(line: number, max = 300): string {
      let s = shownCache.get(line);
      if (s === undefined) {
        // A line that starts a joined run (a hard wrap, an error chain broken after each ":") is shown
        // whole: its first row alone may not hold the words the rule read.
        const text = wrapped.has(line + 1) ? joined[line] : raw[line];
        s = keyLines.has(line) ? '[private key redacted]' : redactLine(text ?? '').text;
        shownCache.set(line, s);
      }
      s = s.trim();
      return s.length > max ? `${s.slice(0, max - 1)}…` : s;
    },
  };
}

/**
 * Documentation's words that introduce an illustration ("displays something similar to the following
 * example output:", "Example output:", "以下は例になります。", "出力例"), not "for example", which people
 * also write before their own output.
 */
const ILLUSTRATION_RE =
  /\b(?:example|sample) output\b|\bsimilar to the following\b|\boutput (?:looks|should look|will look) like\b|出力例|例になります|以下は例|输出示例|示例输出/i;

/** Words that introduce the person's own output: an issue form's "Actual output", "here is what I get". */
const OWN_OUTPUT_RE =
  /\b(?:actual|my|our|current) (?:output|result)s?\b|\bhere(?:'s| is) (?:the |my |our )?(?:output|what (?:I|we) (?:get|got|see))\b|\b(?:I|we) (?:get|got|see|saw|ran)\b/i;

/**
 * Whether a line is a document's illustration of a command's output rather than this cluster's: the line
 * is an annotated example (`#> System clock synchronized: no`), or one of the dozen lines with words
 * above it introduces an example. Read around the line only, so a person who pastes a runbook beside
 * their own chrony lines still has their lines read. Only for state a command prints (a clock's sync
 * state, a step): an error line a troubleshooting page shows is the failure that page is about.
 */
export function illustratedAt(paste: Paste, line: number): boolean {
  if (/^\s*#>/.test(logBody(paste.lines[line] ?? ''))) return true;
  for (let i = line - 1, seen = 0; i >= 0 && seen < 12; i--) {
    const l = paste.lines[i] ?? '';
    if (!/\S/.test(l)) continue;
    seen++;
    // The person's own output starts below this line ("Actual output:", "here is what I get").
    if (OWN_OUTPUT_RE.test(l)) return false;
    if (ILLUSTRATION_RE.test(l)) return true;
  }
  return false;
}
