const (
	token = "6JYfYwpYzR5Mtby1IXzj15ubCqvp3lbiu4_lPoUgkaM"
	// echo -n <token.testKeyECThumbprint> | shasum -a 256
	san   = "5a3a87900be07740a869b844a74fd622.token.acme.invalid"
)
