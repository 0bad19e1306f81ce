const String appId = "1b508072393e7305c5a277c6ae82448c";
const String token =
    '007eJwBbgCR/49GuzPsDEkDRNl0adEGkA0vfdHRnTs/4sGkR/Xiqb4FH1+spfDBGJWuGGqzs4M65W08KoMtE9gtafEjivAaXUukqLAmGGXAvfTjong8KOFq/LdWkP7QxPQgjpS9uHVCmen8EoiQDg8I4SO4FDLNxPs3Sg==';
