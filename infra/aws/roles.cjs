// Shared pieces of the per-function IAM roles in serverless.yml.
module.exports = {
  assumeLambda: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  },
};
