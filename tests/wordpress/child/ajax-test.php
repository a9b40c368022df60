<?php
/**
 * Ultimate Multisite's AJAX connection test (wu_test_hosting_integration) for the
 * Enhance integration: the JSON answer it sends.
 */

$_REQUEST['integration'] = 'enhance';
add_filter('wp_doing_ajax', '__return_true');
add_filter('wp_die_ajax_handler', fn () => static function (): void {
    throw new \RuntimeException('ajax done');
});
ob_start();
try {
    \WP_Ultimo\Managers\Domain_Manager::get_instance()->test_integration();
} catch (\RuntimeException $e) {
}
return ['generation' => um_standin_version(), 'answer' => json_decode((string) ob_get_clean(), true)];
