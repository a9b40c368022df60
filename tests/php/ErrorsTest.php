<?php
/**
 * Every failure becomes the right exception with a message that says what to
 * fix, and never shows the token.
 */

declare(strict_types=1);

use WuHosting\ApiException;
use WuHosting\AuthException;
use WuHosting\NetworkException;
use WuHosting\Tests\PanelTestCase;

final class ErrorsTest extends PanelTestCase
{
    public function testWrongTokenIsAnAuthExceptionNamingTheLikelyCauses(): void
    {
        $e = $this->thrown(fn () => wu_enhance_add_domain('a.example.com', $this->panel->config(['api_token' => 'wrong-token-123'])), AuthException::class);
        $this->assertSame(403, $e->getCode());
        foreach (['invalid', 'expired', 'IP', 'at least the SuperAdmin role'] as $cause) {
            $this->assertStringContainsString($cause, $e->getMessage());
        }
        $this->assertStringNotContainsString('wrong-token-123', $e->getMessage());
    }

    public function testNoCredentialIsA401AuthException(): void
    {
        $this->panel->faults([['kind' => 'status', 'status' => 401, 'body' => '{"code":"no_session_token","message":"No session token"}']]);
        $e = $this->thrown(fn () => wu_enhance_list_domains($this->panel->config()), AuthException::class);
        $this->assertSame(401, $e->getCode());
        $this->assertStringContainsString('Authorization header', $e->getMessage());
    }

    public function testMasterOrgOnlyCallsSaySo(): void
    {
        $this->panel->faults([['kind' => 'status', 'status' => 403, 'body' => '{"code":"only_mo_allowed"}']]);
        $e = $this->thrown(fn () => wu_enhance_list_domains($this->panel->config()), AuthException::class);
        $this->assertStringContainsString('master organisation', $e->getMessage());
    }

    public function testUnknownWebsiteIsA404NamingIt(): void
    {
        $missing = '11111111-2222-3333-4444-555555555555';
        $e = $this->thrown(fn () => wu_enhance_list_domains($this->panel->config(['website_id' => $missing])), ApiException::class);
        $this->assertSame(404, $e->getCode());
        $this->assertStringContainsString("website $missing", $e->getMessage());
        $this->assertSame('not_found', $e->errorCode);
    }

    public function testUnknownOrganisationIsA404NamingIt(): void
    {
        $missing = '99999999-2222-3333-4444-555555555555';
        $e = $this->thrown(fn () => wu_enhance_add_domain('a.example.com', $this->panel->config(['org_id' => $missing])), ApiException::class);
        $this->assertSame(404, $e->getCode());
        $this->assertStringContainsString($missing, $e->getMessage());
    }

    public function testPlainTextUuidErrorIsHandled(): void
    {
        $this->panel->faults([['kind' => 'status', 'status' => 404, 'body' => 'UUID parsing failed', 'content_type' => 'text/plain']]);
        $e = $this->thrown(fn () => wu_enhance_list_domains($this->panel->config()), ApiException::class);
        $this->assertSame(404, $e->getCode());
        $this->assertStringContainsString('UUID parsing failed', $e->getMessage());
        $this->assertSame('UUID parsing failed', $e->panelMessage);
        $this->assertNull($e->errorCode);
    }

    public function testRefusedConnectionIsANetworkException(): void
    {
        $sock = stream_socket_server('tcp://127.0.0.1:0');
        $port = (int) substr(strrchr(stream_socket_get_name($sock, false), ':'), 1);
        fclose($sock);
        $e = $this->thrown(fn () => wu_enhance_list_domains($this->panel->config(['api_url' => "https://127.0.0.1:$port/api/"])), NetworkException::class);
        $this->assertStringStartsWith('Failed to connect to Enhance API', $e->getMessage());
        $this->assertStringContainsString('refused', $e->getMessage());
    }

    public function testUnresolvableHostIsANetworkException(): void
    {
        $e = $this->thrown(fn () => wu_enhance_list_domains($this->panel->config(['api_url' => 'https://panel.invalid/api/', 'connect_timeout' => 2])), NetworkException::class);
        $this->assertStringStartsWith('Failed to connect to Enhance API', $e->getMessage());
    }

    public function testUntrustedCertificateIsANetworkException(): void
    {
        $config = $this->panel->config();
        unset($config['ca_file']);
        $e = $this->thrown(fn () => wu_enhance_list_domains($config), NetworkException::class);
        $this->assertStringStartsWith('Failed to connect to Enhance API', $e->getMessage());
        $this->assertMatchesRegularExpression('/certificate|UnknownIssuer/i', $e->getMessage());
    }

    public function testTimeoutIsANetworkException(): void
    {
        $this->panel->faults([['kind' => 'delay', 'ms' => 3000, 'count' => -1]]);
        $e = $this->thrown(fn () => wu_enhance_list_domains($this->panel->config(['timeout' => 0.3])), NetworkException::class);
        $this->assertStringStartsWith('Failed to connect to Enhance API', $e->getMessage());
        $this->assertStringContainsString('timed out', $e->getMessage());
    }

    public function testInvalidJsonIsAnApiException(): void
    {
        $this->panel->faults([['kind' => 'invalid_json', 'count' => -1, 'method' => 'GET']]);
        $e = $this->thrown(fn () => wu_enhance_list_domains($this->panel->config()), ApiException::class);
        $this->assertStringContainsString('not the expected JSON', $e->getMessage());
    }

    public function testHtmlErrorPageIsAnApiException(): void
    {
        $this->panel->faults([['kind' => 'html', 'status' => 502, 'count' => -1]]);
        $e = $this->thrown(fn () => wu_enhance_list_domains($this->panel->config()), ApiException::class);
        $this->assertSame(502, $e->getCode());
        $this->assertStringContainsString('HTML page', $e->getMessage());
    }

    public function testOversizedBodyIsRefused(): void
    {
        $this->panel->faults([['kind' => 'huge_body', 'bytes' => 40 * 1024 * 1024, 'count' => -1]]);
        $e = $this->thrown(fn () => wu_enhance_list_domains($this->panel->config()), ApiException::class);
        $this->assertStringContainsString('refusing to read it', $e->getMessage());
    }

    public function testServerErrorsAreApiExceptionsWithTheStatus(): void
    {
        $this->panel->faults([['kind' => 'status', 'status' => 500, 'count' => -1, 'body' => '{"code":"internal","message":"database is down"}']]);
        $e = $this->thrown(fn () => wu_enhance_list_domains($this->panel->config()), ApiException::class);
        $this->assertSame(500, $e->getCode());
        $this->assertSame('internal', $e->errorCode);
        $this->assertSame('database is down', $e->panelMessage);
    }

    public function testATokenEchoedByThePanelIsRedacted(): void
    {
        $token = $this->panel->ready['enhance_token'];
        $this->panel->faults([['kind' => 'status', 'status' => 400, 'body' => json_encode(['code' => 'bad', 'message' => "token $token rejected"])]]);
        $e = $this->thrown(fn () => wu_enhance_list_domains($this->panel->config()), ApiException::class);
        $this->assertStringNotContainsString($token, $e->getMessage());
        $this->assertStringNotContainsString($token, (string) $e->panelMessage);
        $this->assertStringContainsString('[redacted]', $e->getMessage());
    }

    public function testRedirectToAnotherOriginIsNotFollowed(): void
    {
        $this->panel->faults([['kind' => 'status', 'status' => 302, 'location' => 'https://elsewhere.example.com/api/', 'body' => '']]);
        $e = $this->thrown(fn () => wu_enhance_list_domains($this->panel->config()), ApiException::class);
        $this->assertSame(302, $e->getCode());
        $this->assertStringContainsString('https://elsewhere.example.com/api/', $e->getMessage());
    }
}
