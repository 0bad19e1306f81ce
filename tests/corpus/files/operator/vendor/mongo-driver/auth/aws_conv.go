func (ac *awsConversation) getCredentials() {
	ac.password = es2Resp.SecretAccessKey
}
