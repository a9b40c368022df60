<?php
/**
 * Plugin Name: Test mail catcher
 * Description: The test network has no mail server: wp_mail() keeps each message in $GLOBALS['wu_test_sent_mail'] and reports it sent.
 */

defined('ABSPATH') || exit;

add_filter(
    'pre_wp_mail',
    static function ($short_circuit, array $atts) {
        $GLOBALS['wu_test_sent_mail'][] = $atts;
        return true;
    },
    10,
    2
);
