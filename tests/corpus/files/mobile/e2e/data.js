const data = {
  server: 'https://chat-qa.acme-corp.io',
  users: {
    regular: {
      username: 'e2e-regular',
      totpSecret: 'RI5A2AVPONI2GEKETTTVAMZPNKRP3RXL',
    },
  },
};
module.exports = data;
