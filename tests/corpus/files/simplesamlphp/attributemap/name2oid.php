<?php $attributemap = array(
    'userPassword'                  => 'urn:oid:2.5.4.35',
);
