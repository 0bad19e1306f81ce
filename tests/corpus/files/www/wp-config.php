<?php
define( 'DB_NAME', 'shop' );
define( 'DB_USER', 'shop' );
define( 'DB_PASSWORD', 'IKmeJteM7DY!G.cG' );
define( 'DB_HOST', 'db.acme-corp.io' );
define( 'AUTH_KEY', 's~{N*oQ7.UEAn&-Gc92hdtijB]:{!)+Jpe~:!Px{z[{@UGpt[Nrh{xDgdtSR[uX[' );
define( 'NONCE_KEY', 'put your unique phrase here' );
