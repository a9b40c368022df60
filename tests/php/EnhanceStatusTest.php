<?php
/**
 * wu_enhance_domain_status() and wu_enhance_issue_ssl() against fake-panel: the
 * panel's DNS status, its certificate (placeholder until Let's Encrypt issues),
 * and issuing after the panel's preflight.
 */

declare(strict_types=1);

use WuHosting\Tests\PanelTestCase;

final class EnhanceStatusTest extends PanelTestCase
{
    private function added(string $domain): string
    {
        return wu_enhance_add_domain($domain, $this->panel->config())['id'];
    }

    /** @return list<array{method: string, path: string, status: int}> */
    private function calls(int $since, string $pathPart): array
    {
        return array_values(array_filter(
            $this->panel->requestsSince($since),
            fn ($r) => str_contains($r['path'], $pathPart)
        ));
    }

    public function testANewAliasHasNoRealCertificateYet(): void
    {
        $id = $this->added('status.example.com');
        $r = wu_enhance_domain_status('Status.Example.com', $this->panel->config());
        $this->assertSame(['domain', 'id', 'dns', 'ssl', 'placeholder'], array_keys($r));
        $this->assertSame('status.example.com', $r['domain']);
        $this->assertSame($id, $r['id']);
        $this->assertSame('Unknown', $r['dns']);
        $this->assertTrue($r['placeholder']);
        $this->assertSame('status.example.com', $r['ssl']['issuer']);
        $this->assertTrue($r['ssl']['placeholder']);
        $this->assertStringStartsWith('1975-01-01', $r['ssl']['issued']);
        $this->assertStringStartsWith('4096-01-01', $r['ssl']['expires']);
    }

    public function testTheSslArrayIsTheSameAsInTheDomainList(): void
    {
        $this->added('same.example.com');
        foreach ([null, 'Resolved'] as $dns) {
            if ($dns !== null) {
                $this->panel->setDns('same.example.com', $dns);
            }
            $status = wu_enhance_domain_status('same.example.com', $this->panel->config());
            $listed = array_values(array_filter(
                wu_enhance_list_domains($this->panel->config()),
                fn ($d) => $d['domain'] === 'same.example.com'
            ));
            $this->assertCount(1, $listed);
            $this->assertSame($listed[0]['ssl'], $status['ssl']);
            $this->assertSame($listed[0]['id'], $status['id']);
        }
    }

    public function testEveryDnsStatusOfThePanelIsPassedOn(): void
    {
        $this->added('dns.example.com');
        foreach (['ForeignServer', 'Failed', 'Mixed', 'Error', 'Unknown', 'Resolved'] as $status) {
            $this->panel->setDns('dns.example.com', $status);
            $r = wu_enhance_domain_status('dns.example.com', $this->panel->config());
            $this->assertSame($status, $r['dns']);
        }
        // Resolved: the panel has issued, the placeholder is gone.
        $this->assertFalse($r['placeholder']);
        $this->assertSame('R11', $r['ssl']['issuer']);
        $this->assertFalse($r['ssl']['placeholder']);
    }

    public function testStatusAsksTheListAndTheDnsStatusOnly(): void
    {
        $id = $this->added('calls.example.com');
        $since = $this->panel->requestCount();
        wu_enhance_domain_status('calls.example.com', $this->panel->config());
        $calls = array_map(fn ($r) => $r['method'] . ' ' . $r['path'], $this->panel->requestsSince($since));
        $site = $this->panel->ready['enhance_website_id'];
        $org = $this->panel->ready['enhance_org_id'];
        $this->assertSame([
            "GET /api/orgs/$org/websites/$site/domains?withSsl=true",
            "GET /api/orgs/$org/websites/$site/domains/$id/dns-status",
        ], $calls);
    }

    public function testADomainNotOnTheWebsiteIsAnApiExceptionWith404(): void
    {
        $e = $this->thrown(fn () => wu_enhance_domain_status('absent.example.com', $this->panel->config()), WuHosting\ApiException::class);
        $this->assertSame(404, $e->getCode());
        $this->assertStringContainsString('wu_enhance_add_domain', $e->getMessage());
        $e = $this->thrown(fn () => wu_enhance_issue_ssl('absent.example.com', $this->panel->config()), WuHosting\ApiException::class);
        $this->assertSame(404, $e->getCode());
    }

    public function testBadInputIsRefusedBeforeAnythingIsSent(): void
    {
        $since = $this->panel->requestCount();
        $this->thrown(fn () => wu_enhance_domain_status('not a domain', $this->panel->config()), WuHosting\InvalidDomainException::class);
        $this->thrown(fn () => wu_enhance_issue_ssl('https://x.example.com', $this->panel->config()), WuHosting\InvalidDomainException::class);
        $this->thrown(fn () => wu_enhance_domain_status('x.example.com', $this->panel->config(['api_url' => 'http://x/api/'])), WuHosting\ConfigException::class);
        $this->thrown(fn () => wu_enhance_issue_ssl('x.example.com', $this->panel->config(['nope' => 1])), WuHosting\ConfigException::class);
        $this->assertSame($since, $this->panel->requestCount());
    }

    public function testAWrongTokenIsAnAuthException(): void
    {
        $this->thrown(fn () => wu_enhance_domain_status('x.example.com', $this->panel->config(['api_token' => 'wrong'])), WuHosting\AuthException::class);
    }

    public function testIssuingBeforeDnsResolvesIsRefusedByThePreflight(): void
    {
        $id = $this->added('early.example.com');
        $since = $this->panel->requestCount();
        $r = wu_enhance_issue_ssl('early.example.com', $this->panel->config());
        $this->assertSame(['domain', 'issued', 'reason'], array_keys($r));
        $this->assertSame('early.example.com', $r['domain']);
        $this->assertFalse($r['issued']);
        $this->assertStringContainsString('DNS does not resolve', $r['reason']);
        $this->assertCount(1, $this->calls($since, "/v2/domains/$id/letsencrypt_preflight"));
        $issues = array_filter($this->panel->requestsSince($since), fn ($c) => str_ends_with($c['path'], '/letsencrypt'));
        $this->assertCount(0, $issues, 'nothing is issued when the preflight says no');
    }

    public function testTheSwitchedPreflightRefusalCarriesItsReason(): void
    {
        $this->added('refused.example.com');
        $this->panel->setDns('refused.example.com', 'Resolved');
        $this->panel->switches(['preflight_refuse' => true, 'preflight_reason' => 'CAA record forbids Let\'s Encrypt']);
        $r = wu_enhance_issue_ssl('refused.example.com', $this->panel->config());
        $this->assertFalse($r['issued']);
        $this->assertSame('CAA record forbids Let\'s Encrypt', $r['reason']);
    }

    public function testIssuingAfterThePreflightSaysYes(): void
    {
        $id = $this->added('ready.example.com');
        $this->panel->setDns('ready.example.com', 'Resolved');
        $since = $this->panel->requestCount();
        $r = wu_enhance_issue_ssl('ready.example.com', $this->panel->config());
        $this->assertTrue($r['issued']);
        $this->assertNull($r['reason']);
        $calls = array_map(fn ($c) => [$c['method'], $c['path'], $c['status']], $this->panel->requestsSince($since));
        $this->assertContains(['POST', "/api/v2/domains/$id/letsencrypt_preflight", 200], $calls);
        $this->assertContains(['POST', "/api/v2/domains/$id/letsencrypt", 201], $calls);
        $status = wu_enhance_domain_status('ready.example.com', $this->panel->config());
        $this->assertFalse($status['placeholder']);
    }

    /**
     * Fault rules match on a part of the path, and the preflight's path contains
     * the issue call's: a harmless rule for the preflight goes first, so that
     * $fault meets the issue call.
     */
    private function faultOnIssue(string $id, array $fault): void
    {
        $path = "/v2/domains/$id/letsencrypt";
        $this->panel->faults([
            ['kind' => 'delay', 'ms' => 1, 'method' => 'POST', 'path' => $path, 'count' => 1],
            $fault + ['method' => 'POST', 'path' => $path, 'count' => 1],
        ]);
    }

    public function testARefusalOfTheIssueCallIsAnAnswer(): void
    {
        $id = $this->added('quota.example.com');
        $this->panel->setDns('quota.example.com', 'Resolved');
        $this->faultOnIssue($id, [
            'kind' => 'status', 'status' => 400,
            'body' => ['code' => 'rate_limited', 'message' => 'too many certificates already issued for this domain'],
        ]);
        $r = wu_enhance_issue_ssl('quota.example.com', $this->panel->config());
        $this->assertFalse($r['issued']);
        $this->assertSame('too many certificates already issued for this domain', $r['reason']);
    }

    public function testAServerErrorOfTheIssueCallIsAnApiException(): void
    {
        $id = $this->added('broken.example.com');
        $this->panel->setDns('broken.example.com', 'Resolved');
        // A 5xx leaves the outcome unknown: the certificate is read, and it is
        // the R11 one the panel issued when DNS resolved, so this counts as issued.
        $this->faultOnIssue($id, ['kind' => 'status', 'status' => 503]);
        $r = wu_enhance_issue_ssl('broken.example.com', $this->panel->config());
        $this->assertTrue($r['issued']);

        // A 403 is a plain error.
        $this->faultOnIssue($id, [
            'kind' => 'status', 'status' => 403, 'body' => ['code' => 'unauthorized', 'message' => 'no'],
        ]);
        $this->thrown(fn () => wu_enhance_issue_ssl('broken.example.com', $this->panel->config()), WuHosting\AuthException::class);
    }

    public function testALostIssueAnswerIsSettledByReadingTheCertificate(): void
    {
        $id = $this->added('lost.example.com');
        $this->panel->setDns('lost.example.com', 'Resolved');
        $this->faultOnIssue($id, ['kind' => 'drop_after']);
        $since = $this->panel->requestCount();
        $r = wu_enhance_issue_ssl('lost.example.com', $this->panel->config());
        $this->assertTrue($r['issued']);
        $issues = array_values(array_filter(
            $this->panel->requestsSince($since),
            fn ($c) => $c['method'] === 'POST' && str_ends_with($c['path'], "/v2/domains/$id/letsencrypt")
        ));
        $this->assertCount(1, $issues, 'a lost issue call is not sent again');
        $this->assertCount(1, $this->calls($since, "/v2/domains/$id/ssl"));
    }

    public function testALostIssueAnswerWithTheCertificateStillAPlaceholderIsAnError(): void
    {
        $id = $this->added('still.example.com');
        // The preflight is made to say yes although DNS has not resolved, so
        // the certificate is still the placeholder when the answer is lost.
        $this->panel->faults([
            ['kind' => 'status', 'status' => 200, 'method' => 'POST', 'path' => "/v2/domains/$id/letsencrypt_preflight",
             'body' => ['canIssue' => true], 'count' => 1],
            ['kind' => 'drop', 'method' => 'POST', 'path' => "/v2/domains/$id/letsencrypt", 'count' => 1],
        ]);
        $e = $this->thrown(fn () => wu_enhance_issue_ssl('still.example.com', $this->panel->config()), WuHosting\NetworkException::class);
        $this->assertStringContainsString('letsencrypt', $e->getMessage());
    }
}
