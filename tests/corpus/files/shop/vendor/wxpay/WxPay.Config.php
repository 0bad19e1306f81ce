<?php
class WxPayConfig
{
	const APPID = 'wxa247db202387e7e9';
	const MCHID = '6773631940';
	const KEY = 'A2oA90K8JzpTLEYvjL7KrkjRkpWxU3qv';
}
