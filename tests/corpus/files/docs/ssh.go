package dataprovider
const SSHLoginMethodKeyAndPassword = "publickey+password"
func setLogin(u *User) {
	u.Password = sha512CryptPwd
}
