// Environment values for local runs only (osls offline, tests): the KT_LOCAL_* variables. They are
// honoured only for the stages named in LOCAL_STAGES; packaging or deploying any other stage with
// one of them set fails, so a developer's signing secret, bot token or stand-in Slack URL can never
// end up in a deployed function's plain environment. Deployed functions read SSM (src/aws/config.ts).
const LOCAL_STAGES = ['local', 'offline'];
const KEYS = {
  signingSecret: 'KT_LOCAL_SLACK_SIGNING_SECRET',
  botToken: 'KT_LOCAL_SLACK_BOT_TOKEN',
  slackApiUrl: 'KT_LOCAL_SLACK_API_URL',
  clusters: 'KT_LOCAL_CLUSTERS',
  lambdaEndpoint: 'KT_LOCAL_LAMBDA_ENDPOINT',
  dynamodbEndpoint: 'KT_LOCAL_DYNAMODB_ENDPOINT',
  postIntervalMs: 'KT_LOCAL_POST_INTERVAL_MS',
};

module.exports = async ({ resolveVariable }) => {
  const stage = await resolveVariable('sls:stage');
  const set = Object.values(KEYS).filter((k) => process.env[k]);
  const local = LOCAL_STAGES.includes(stage);
  if (!local && set.length > 0)
    throw new Error(
      `${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set, but stage "${stage}" is not a local stage (${LOCAL_STAGES.join(', ')}). ` +
        'KT_LOCAL_* are for osls offline only: unset them before packaging or deploying; deployed functions read their secrets from SSM.',
    );
  const out = { stage: local ? 'local' : 'deployed' };
  for (const [name, env] of Object.entries(KEYS)) out[name] = local ? (process.env[env] ?? '') : '';
  return out;
};
