$args = array(
    'solutionProviderToken' => 'AAAAAQAAAAEAAAAQqPdqnqGWPNNGmmkChhTeAgtcj5h2rgUryjcyKij86Sa/VOrj2DTT+TZZxC+yygT27mxhH3LtWGyybaeUJNyXDHKkARCWEyqBVthxUUFDjOz57cRJe/vL5TDgow5WfaHe',
);
