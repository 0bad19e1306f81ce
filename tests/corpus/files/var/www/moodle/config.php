<?php
unset($CFG);
global $CFG;
$CFG = new stdClass();
$CFG->dbtype    = 'pgsql';
$CFG->dbhost    = 'pg.acme-corp.io';
$CFG->dbname    = 'moodle';
$CFG->dbuser    = 'moodleuser';
$CFG->dbpass    = 'Sy0+jYfrND~oPi7o';
$CFG->wwwroot   = 'https://learn.acme-corp.io';
require_once(__DIR__ . '/lib/setup.php');
