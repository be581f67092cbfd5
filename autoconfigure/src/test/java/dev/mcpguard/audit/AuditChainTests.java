package dev.mcpguard.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.mcpguard.pipeline.Outcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuditChainTests {

	@Test
	void hashIsSha256OfPreviousHashAndCanonicalContent() throws Exception {
		AuditRecord record = AuditTestData.record("get_product");
		String expected = HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256")
				.digest((AuditChain.GENESIS + AuditChain.canonical(1, record)).getBytes(StandardCharsets.UTF_8)));
		assertThat(AuditChain.hash(AuditChain.GENESIS, 1, record)).isEqualTo(expected).hasSize(64);
		assertThat(AuditChain.hash(AuditChain.GENESIS, 1, record)).isEqualTo(AuditChain.hash(AuditChain.GENESIS, 1, record));
	}

	@Test
	void hashOfAKnownRowStaysTheSameSoStoredChainsKeepVerifying() {
		AuditRecord record = new AuditRecord("0190d5a8-0000-7000-8000-000000000001",
				Instant.parse("2026-03-01T08:30:00.123456Z"), "agent", "token", "s-1", "10.0.0.7", "create_order",
				"{\"note\":\"M\\u00FCller\"}", Outcome.APPROVAL_PENDING, "Wartet auf M\u00FCller", 12, "appr-1", null);
		// computed outside Java from the documented canonical form
		assertThat(AuditChain.hash(AuditChain.GENESIS, 7, record))
			.isEqualTo("ee108a5ec90bef71c2b09b0264d96e53cf8578b260fcd2fcc0a22e7bd8b24ff2");
	}

	@Test
	void everyFieldAndThePositionChangeTheHash() {
		AuditRecord record = AuditTestData.record("get_product");
		String hash = AuditChain.hash(AuditChain.GENESIS, 1, record);
		assertThat(AuditChain.hash(AuditChain.GENESIS, 2, record)).isNotEqualTo(hash);
		assertThat(AuditChain.hash("1".repeat(64), 1, record)).isNotEqualTo(hash);
		List<AuditRecord> variants = List.of(
				new AuditRecord(record.id(), record.time(), "mallory", record.authMethod(), record.sessionId(),
						record.clientIp(), record.tool(), record.arguments(), record.outcome(), record.message(),
						record.durationMs(), record.approvalId(), record.traceId()),
				new AuditRecord(record.id(), record.time(), record.principal(), record.authMethod(), record.sessionId(),
						record.clientIp(), record.tool(), record.arguments(), Outcome.DENIED, record.message(),
						record.durationMs(), record.approvalId(), record.traceId()),
				new AuditRecord(record.id(), record.time(), record.principal(), record.authMethod(), record.sessionId(),
						record.clientIp(), record.tool(), "{\"q\":\"y\"}", record.outcome(), record.message(),
						record.durationMs(), record.approvalId(), record.traceId()),
				new AuditRecord(record.id(), record.time().plusNanos(1000), record.principal(), record.authMethod(),
						record.sessionId(), record.clientIp(), record.tool(), record.arguments(), record.outcome(),
						record.message(), record.durationMs(), record.approvalId(), record.traceId()));
		for (AuditRecord variant : variants) {
			assertThat(AuditChain.hash(AuditChain.GENESIS, 1, variant)).isNotEqualTo(hash);
		}
	}

	@Test
	void canonicalFormTellsAbsentFromEmptyAndKeepsFieldBoundaries() {
		AuditRecord a = new AuditRecord("id", Instant.EPOCH, "a|b", null, "", null, null, null, Outcome.OK,
				null, 0, null, null);
		AuditRecord b = new AuditRecord("id", Instant.EPOCH, "a", "b", "", null, null, null, Outcome.OK,
				null, 0, null, null);
		AuditRecord c = new AuditRecord("id", Instant.EPOCH, "a|b", null, null, null, null, null, Outcome.OK,
				null, 0, null, null);
		assertThat(AuditChain.canonical(1, a)).isNotEqualTo(AuditChain.canonical(1, b))
			.isNotEqualTo(AuditChain.canonical(1, c));
	}

	@Test
	void verifierAcceptsAnIntactChainAndItsHead() {
		List<StoredAuditRecord> chain = chain(5);
		AuditChain.Verifier verifier = new AuditChain.Verifier(0, AuditChain.GENESIS);
		chain.forEach(verifier::check);
		verifier.checkHead(5, chain.get(4).hash());
		assertThat(verifier.broken()).isNull();
		assertThat(verifier.checked()).isEqualTo(5);
	}

	@Test
	void verifierReportsTheChangedRow() {
		List<StoredAuditRecord> chain = chain(5);
		StoredAuditRecord original = chain.get(2);
		AuditRecord changed = new AuditRecord(original.record().id(), original.record().time(), "mallory",
				original.record().authMethod(), original.record().sessionId(), original.record().clientIp(),
				original.record().tool(), original.record().arguments(), original.record().outcome(),
				original.record().message(), original.record().durationMs(), null, null);
		chain.set(2, new StoredAuditRecord(3, changed, original.prevHash(), original.hash()));
		ChainVerification.BrokenLink broken = verify(chain, 5);
		assertThat(broken.seq()).isEqualTo(3);
		assertThat(broken.id()).isEqualTo(original.record().id());
		assertThat(broken.reason()).contains("changed");
	}

	@Test
	void verifierReportsARowChangedWithItsHashRecomputed() {
		List<StoredAuditRecord> chain = chain(5);
		StoredAuditRecord original = chain.get(1);
		AuditRecord changed = new AuditRecord(original.record().id(), original.record().time(), "mallory", null, null,
				null, "get_product", null, Outcome.OK, null, 0, null, null);
		chain.set(1, new StoredAuditRecord(2, changed, original.prevHash(), AuditChain.hash(original.prevHash(), 2, changed)));
		ChainVerification.BrokenLink broken = verify(chain, 5);
		assertThat(broken.seq()).isEqualTo(3);
		assertThat(broken.reason()).contains("previous hash");
	}

	@Test
	void verifierReportsMissingRowsInTheMiddleAndAtTheEnd() {
		List<StoredAuditRecord> chain = chain(5);
		List<StoredAuditRecord> withoutMiddle = new ArrayList<>(chain);
		withoutMiddle.remove(2);
		assertThat(verify(withoutMiddle, 5).seq()).isEqualTo(4);
		List<StoredAuditRecord> withoutTail = new ArrayList<>(chain.subList(0, 3));
		AuditChain.Verifier verifier = new AuditChain.Verifier(0, AuditChain.GENESIS);
		withoutTail.forEach(verifier::check);
		verifier.checkHead(5, chain.get(4).hash());
		assertThat(verifier.broken()).isNotNull();
		assertThat(verifier.broken().reason()).contains("4 to 5 are missing");
	}

	@Test
	void verifierStartsFromAPurgeCheckpoint() {
		List<StoredAuditRecord> chain = chain(6);
		AuditChain.Verifier verifier = new AuditChain.Verifier(3, chain.get(2).hash());
		chain.subList(3, 6).forEach(verifier::check);
		verifier.checkHead(6, chain.get(5).hash());
		assertThat(verifier.broken()).isNull();
		assertThat(verifier.checked()).isEqualTo(3);
		AuditChain.Verifier wrongCheckpoint = new AuditChain.Verifier(3, AuditChain.GENESIS);
		assertThat(wrongCheckpoint.check(chain.get(3))).isFalse();
	}

	private static ChainVerification.BrokenLink verify(List<StoredAuditRecord> chain, long headSeq) {
		AuditChain.Verifier verifier = new AuditChain.Verifier(0, AuditChain.GENESIS);
		for (StoredAuditRecord row : chain) {
			if (!verifier.check(row)) {
				break;
			}
		}
		verifier.checkHead(headSeq, chain.get(chain.size() - 1).hash());
		assertThat(verifier.broken()).isNotNull();
		return verifier.broken();
	}

	static List<StoredAuditRecord> chain(int length) {
		List<StoredAuditRecord> chain = new ArrayList<>();
		String previous = AuditChain.GENESIS;
		for (int seq = 1; seq <= length; seq++) {
			AuditRecord record = AuditTestData.record("tool-" + seq);
			String hash = AuditChain.hash(previous, seq, record);
			chain.add(new StoredAuditRecord(seq, record, previous, hash));
			previous = hash;
		}
		return chain;
	}

}
