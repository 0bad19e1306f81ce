  window.bdstoken = 'cf982a4fd1750d292fe22ae345c25ecd';
  "audio": "https://mojidict.oss-cn-hangzhou.aliyuncs.com/tts/bffd8b68.mp3?OSSAccessKeyId=LTAIfTVFYh9lg6EaGOUu&Expires=8685151247&Signature=yDgMxWBdtkNYFUQAhB2PUnaX0IY%3D",
