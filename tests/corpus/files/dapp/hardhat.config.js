module.exports = {
  networks: {
    mainnet: { url: 'https://eth-mainnet.g.alchemy.com/v2/EbZdqVUhCE8kmlmLJQMQ8BBMe1DEmb90' },
    sepolia: { url: 'https://sepolia.infura.io/v3/e09e1cd78104a0788a0131ad2ce9f894' },
  },
  etherscan: {
    apiKey: "5CI3RLIX9OIOL4N14VEL9KGN4LKUULPW93",
  },
  linkToken: '0x388cc6ad50cfac24d706cb781ff093e1abd7bd13',
};
