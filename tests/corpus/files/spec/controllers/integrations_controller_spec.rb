  let(:token) { 'CAAGEVYGCWJQULTCTDAWYQEIVTYEFGFHLMghpmybphymqpmieckpojumrcpiexsvptaxekvteb0361845407j6qcGwuzMZq3qvsG9gNDXke3lf5EhcWBdPcvrnHwkSDntVYiwOMRj5Uddu6Q' }
    jwt.secret = Rails.application.credentials.devise&.jwt_secret_key
