<?php
unset($CFG);
global $CFG;
$CFG = new stdClass();
$CFG->dbtype    = 'pgsql';
$CFG->dbhost    = 'pg.acme-corp.io';
$CFG->dbname    = 'moodle';
$CFG->dbuser    = 'moodleuser';
$CFG->dbpass    = 'N8jKY8P.xoggi#Q1';
$CFG->wwwroot   = 'https://learn.acme-corp.io';
require_once(__DIR__ . '/lib/setup.php');
