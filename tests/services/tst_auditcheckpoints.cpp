// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 32: signed audit checkpoints against a real store (SQLite file or PostgreSQL), tampered with
// the way an attacker with the database owner's rights would: a plain QSql connection, the
// append-only triggers dropped, rows changed. Then the same through identitydesk-cli as a process.
#include "TestStore.h"
#include "services/AuditCheckpointService.h"
#include "services/CheckpointKeySecret.h"
#include "services/InMemorySecretStore.h"
#include "store/CheckpointKey.h"
#include "store/SchemaMigrations.h"
#include "store/Store.h"
#include "store/StoreFactory.h"
#include "store/StoreUrl.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>
#include <memory>

namespace {
const QString kPassword = QStringLiteral("correct-horse-battery");

const char kAuditDataColumns[] = "time, operator, role, event, action, provider, subject_ids, reason, "
                                 "request_summary, before_state, after_state, outcome, action_id, prev_hash, "
                                 "hash";

AuditEntry entry(int i)
{
    AuditEntry e;
    e.operatorName = QStringLiteral("alice");
    e.role = QStringLiteral("officer");
    e.event = QStringLiteral("intent");
    e.action = QStringLiteral("smileid.active");
    e.provider = QStringLiteral("smileid");
    e.subjectIds = {QStringLiteral("CUST-%1").arg(i)};
    e.reason = QStringLiteral("reason %1").arg(i);
    e.requestSummary = QJsonObject{{QStringLiteral("active"), false}, {QStringLiteral("amount"), 12.5 * i}};
    e.outcome = QStringLiteral("pending");
    return e;
}

Operator auditor()
{
    Operator op;
    op.name = QStringLiteral("audrey");
    op.role = Role::Auditor;
    return op;
}

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};
} // namespace

class TestAuditCheckpoints : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void signedBytesAreFixed();
    void untouchedStoreMatches();
    void tamperingFound_data();
    void tamperingFound();
    void rewriteAfterAnEarlierCheckpointIsPlaced();
    void forgedCheckpointsRefused();
    void brokenChainIsNotSigned();
    void storedBytesAreHashedAsStored();
    void formatOneEntriesStillVerify();
    void keyFromASecretStore();
    void cliCheckpointAndVerify();

private:
    QSqlDatabase raw();
    bool rawExec(const QString& sql, const QVariantList& values = {});
    void closeRaw();
    void dropTriggers();
    /// Appends n entries and checkpoints the head with m_key.
    AuditCheckpoint appendAndCheckpoint(int n);
    Run cli(const QStringList& args, const QString& operatorName = QStringLiteral("boss"));

    std::unique_ptr<TestStore> m_testStore;
    std::unique_ptr<Store> m_store;
    std::optional<CheckpointKey> m_key;
    QString m_rawConnection;
    QTemporaryDir m_dir;
};

void TestAuditCheckpoints::initTestCase()
{
    if (!TestStore::available())
        QSKIP("IDENTITYDESK_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against");
    QString error;
    m_key = CheckpointKey::generate(&error);
    QVERIFY2(m_key, qPrintable(error));
}

void TestAuditCheckpoints::init()
{
    m_testStore = std::make_unique<TestStore>();
    QString error;
    QVERIFY2(m_testStore->create(&error), qPrintable(error));
    m_store = StoreFactory::open(m_testStore->url(), &error);
    QVERIFY2(m_store, qPrintable(error));
}

void TestAuditCheckpoints::cleanup()
{
    closeRaw();
    m_store.reset();
    m_testStore.reset();
}

QSqlDatabase TestAuditCheckpoints::raw()
{
    if (!m_rawConnection.isEmpty())
        return QSqlDatabase::database(m_rawConnection, false);
    m_rawConnection = QStringLiteral("raw-") + QUuid::createUuid().toString(QUuid::Id128);
    const std::optional<StoreUrl> url = StoreUrl::parse(m_testStore->url(), nullptr);
    QSqlDatabase db;
    if (TestStore::backend() == QLatin1String("sqlite")) {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_rawConnection);
        db.setDatabaseName(url->sqlitePath());
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    } else {
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_rawConnection);
        db.setHostName(url->host());
        db.setPort(url->port());
        db.setUserName(url->userName());
        db.setPassword(url->password());
        db.setDatabaseName(url->databaseName());
    }
    if (!db.open())
        qWarning("raw connection: %s", qPrintable(db.lastError().text()));
    else if (TestStore::backend() != QLatin1String("sqlite"))
        QSqlQuery(db).exec(QStringLiteral("SET client_min_messages = warning"));
    return db;
}

void TestAuditCheckpoints::closeRaw()
{
    if (m_rawConnection.isEmpty())
        return;
    QSqlDatabase::database(m_rawConnection, false).close();
    QSqlDatabase::removeDatabase(m_rawConnection);
    m_rawConnection.clear();
}

bool TestAuditCheckpoints::rawExec(const QString& sql, const QVariantList& values)
{
    QSqlQuery q(raw());
    bool ok = false;
    if (values.isEmpty()) {
        ok = q.exec(sql);
    } else {
        ok = q.prepare(sql);
        for (const QVariant& v : values)
            q.addBindValue(v);
        ok = ok && q.exec();
    }
    if (!ok)
        qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
    return ok;
}

void TestAuditCheckpoints::dropTriggers()
{
    // What someone with the database owner's rights can do.
    const QString on =
        TestStore::backend() == QLatin1String("sqlite") ? QString() : QStringLiteral(" ON audit");
    QVERIFY(rawExec(QStringLiteral("DROP TRIGGER audit_no_update") + on));
    QVERIFY(rawExec(QStringLiteral("DROP TRIGGER audit_no_delete") + on));
    for (const char* table : {"audit_keys", "audit_checkpoints"}) {
        const QString name = QString::fromLatin1(table);
        if (on.isEmpty()) {
            QVERIFY(rawExec(QStringLiteral("DROP TRIGGER %1_no_update").arg(name)));
            QVERIFY(rawExec(QStringLiteral("DROP TRIGGER %1_no_delete").arg(name)));
        } else {
            QVERIFY(rawExec(QStringLiteral("DROP TRIGGER %1_append_only ON %1").arg(name)));
        }
    }
}

AuditCheckpoint TestAuditCheckpoints::appendAndCheckpoint(int n)
{
    QString error;
    for (int i = 1; i <= n; ++i)
        if (!m_store->appendAudit(entry(i), &error))
            qFatal("append: %s", qPrintable(error));
    const std::optional<AuditCheckpoint> c =
        AuditCheckpointService(m_store.get()).checkpoint(auditor(), *m_key, &error);
    if (!c)
        qFatal("checkpoint: %s", qPrintable(error));
    return *c;
}

// ------------------------------------------------------------------------------------------- tests

void TestAuditCheckpoints::signedBytesAreFixed()
{
    // The exact bytes of docs/architecture.md section 2: a format line, then name:length:value lines.
    AuditCheckpoint c;
    c.storeId = QStringLiteral("0b7e3a52-8c1d-4f3e-9a70-5d2c1e0f9b44");
    c.seq = 42;
    c.headHash = QByteArray(64, 'a');
    c.time = QDateTime(QDate(2026, 12, 7), QTime(1, 2, 3, 456), Qt::UTC);
    c.operatorName = QStringLiteral("zoë");
    c.keyId = QString(64, QLatin1Char('b'));
    QCOMPARE(c.signedBytes(), QByteArray("identitydesk-audit-checkpoint-1\n"
                                         "store_id:36:0b7e3a52-8c1d-4f3e-9a70-5d2c1e0f9b44\n"
                                         "seq:2:42\n"
                                         "head_hash:64:") +
                                  QByteArray(64, 'a') +
                                  QByteArray("\ntime:24:2026-12-07T01:02:03.456Z\n"
                                             "operator:4:zo\xc3\xab\n"
                                             "key_id:64:") +
                                  QByteArray(64, 'b') + QByteArray("\n"));
    QString error;
    QVERIFY(c.sign(*m_key, &error));
    QCOMPARE(c.signature.size(), 64);
    QVERIFY(c.signatureValid(m_key->publicKey()));
    // The file round-trips.
    const std::optional<AuditCheckpoint> back = AuditCheckpoint::fromJson(c.toJson(), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->signedBytes(), c.signedBytes());
    QVERIFY(back->signatureValid(m_key->publicKey()));
    // And the key's text form too; the text never holds the public half only.
    const std::optional<CheckpointKey> again = CheckpointKey::fromPrivateText(m_key->privateText(), &error);
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(again->publicKey(), m_key->publicKey());
    QVERIFY(!CheckpointKey::fromPrivateText(QStringLiteral("identitydesk-ed25519:AAAA"), &error));

    // Hash format 1's canonical JSON, spliced from the stored text, is byte for byte what Qt wrote.
    AuditEntry tricky = entry(1);
    tricky.reason = QStringLiteral("quote \" back\\slash \b\f\n\r\t \x01\x1f \x7f é \u2028 \U0001F600 /");
    tricky.operatorName = QStringLiteral("<script>&amp;");
    tricky.after =
        QJsonObject{{QStringLiteral("n"), 1e21}, {QStringLiteral("s"), QStringLiteral("\u00e9\n")}};
    QCOMPARE(tricky.canonicalJson(), tricky.reserialisedJson());
}

void TestAuditCheckpoints::untouchedStoreMatches()
{
    const AuditCheckpoint c = appendAndCheckpoint(6);
    QString error;
    // 6 entries, then the key's registration: the checkpoint covers all seven.
    QCOMPARE(c.seq, qint64(7));
    const QList<AuditEntry> log = *m_store->auditEntries({}, &error);
    QCOMPARE(log.constLast().event, QStringLiteral("checkpoint-key-added"));
    QCOMPARE(log.constLast().after.value(QStringLiteral("key_id")).toString(), m_key->keyId());
    QCOMPARE(log.constLast().matchedHashFormat(), AuditEntry::kLatestHashFormat);
    QCOMPARE(c.headHash, log.constLast().hash);
    QCOMPARE(c.storeId, *m_store->storeId(&error));

    // A second checkpoint with the same key registers nothing more.
    QVERIFY(m_store->appendAudit(entry(8), &error));
    const std::optional<AuditCheckpoint> second =
        AuditCheckpointService(m_store.get()).checkpoint(auditor(), *m_key, &error);
    QVERIFY2(second, qPrintable(error));
    QCOMPARE(second->seq, qint64(8));
    QCOMPARE(m_store->checkpointKeys(&error)->size(), 1);
    const QList<AuditCheckpoint> kept = *m_store->checkpoints(&error);
    QCOMPARE(kept.size(), 2);
    QVERIFY(kept.at(1).signatureValid(m_key->publicKey()));

    const auto report = AuditCheckpointService(m_store.get()).verify({c, *second}, &error);
    QVERIFY2(report, qPrintable(error));
    QVERIFY(report->ok());
    QCOMPARE(report->chain.headSeq, qint64(8));
    QCOMPARE(report->chain.headHash, second->headHash);

    // The private key is nowhere in the store.
    const QByteArray seedText = m_key->privateText().toLatin1();
    const QList<AuditEntry> all = *m_store->auditEntries({}, &error);
    for (const AuditEntry& e : all)
        QVERIFY(!e.storedBytes().contains(seedText.mid(21)));
}

void TestAuditCheckpoints::tamperingFound_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("chainAloneSeesIt");
    QTest::addColumn<qint64>("firstAffected");
    QTest::addColumn<QString>("problem");
    // 10 entries and the key's registration (11); the checkpoint covers 11.
    QTest::newRow("entry edited") << "edit" << true << qint64(5) << "entry 5, covered by this checkpoint";
    QTest::newRow("entry deleted") << "delete" << true << qint64(5) << "entry 5, covered";
    QTest::newRow("two entries reordered") << "reorder" << true << qint64(4) << "entry 4, covered";
    QTest::newRow("tail cut") << "cut" << false << qint64(10) << "the log ends at entry 9";
    QTest::newRow("whole chain rewritten and re-hashed")
        << "rehash" << false << qint64(1) << "entry 11 is not the entry checkpointed";
}

void TestAuditCheckpoints::tamperingFound()
{
    QFETCH(QString, kind);
    QFETCH(bool, chainAloneSeesIt);
    QFETCH(qint64, firstAffected);
    QFETCH(QString, problem);
    const AuditCheckpoint c = appendAndCheckpoint(10);
    QCOMPARE(c.seq, qint64(11));
    QString error;
    dropTriggers();
    if (kind == QLatin1String("edit")) {
        QVERIFY(rawExec(QStringLiteral("UPDATE audit SET reason = 'nothing to see' WHERE seq = 5")));
    } else if (kind == QLatin1String("delete")) {
        QVERIFY(rawExec(QStringLiteral("DELETE FROM audit WHERE seq = 5")));
    } else if (kind == QLatin1String("reorder")) {
        const QStringList columns = QString::fromLatin1(kAuditDataColumns).split(QStringLiteral(", "));
        QList<QVariantList> rows;
        for (int seq : {4, 5}) {
            QSqlQuery q(raw());
            QVERIFY(q.exec(QStringLiteral("SELECT %1 FROM audit WHERE seq = %2")
                               .arg(QLatin1String(kAuditDataColumns))
                               .arg(seq)));
            QVERIFY(q.next());
            QVariantList values;
            for (int i = 0; i < columns.size(); ++i)
                values << q.value(i);
            rows << values;
        }
        QStringList assignments;
        for (const QString& column : columns)
            assignments << column + QStringLiteral(" = ?");
        const QString update =
            QStringLiteral("UPDATE audit SET %1 WHERE seq = ?").arg(assignments.join(QStringLiteral(", ")));
        QVERIFY(rawExec(update, rows.at(1) + QVariantList{4}));
        QVERIFY(rawExec(update, rows.at(0) + QVariantList{5}));
    } else if (kind == QLatin1String("cut")) {
        // The key's row refers to entry 11 (a foreign key): pointed elsewhere first.
        QVERIFY(rawExec(QStringLiteral("UPDATE audit_keys SET audit_seq = 9")));
        QVERIFY(rawExec(QStringLiteral("DELETE FROM audit WHERE seq >= 10")));
    } else if (kind == QLatin1String("rehash")) {
        // Someone who knows the algorithm changes entry 1 and re-hashes every entry after it.
        QList<AuditEntry> log = *m_store->auditEntries({}, &error);
        QByteArray previous(64, '0');
        for (AuditEntry& e : log) {
            if (e.seq == 1)
                e.reason = QStringLiteral("nothing to see");
            e.prevHash = previous;
            e.hash = e.computeHash();
            previous = e.hash;
            QVERIFY(
                rawExec(QStringLiteral("UPDATE audit SET reason = ?, prev_hash = ?, hash = ? WHERE seq = ?"),
                        {e.reason, QString::fromLatin1(e.prevHash), QString::fromLatin1(e.hash), e.seq}));
        }
    }
    closeRaw();

    const AuditVerification chain = m_store->verifyAudit();
    QCOMPARE(!chain.ok, chainAloneSeesIt);
    const auto report = AuditCheckpointService(m_store.get()).verify({c}, &error);
    QVERIFY2(report, qPrintable(error));
    QVERIFY(!report->ok());
    QCOMPARE(report->verdicts.size(), 1);
    QVERIFY(!report->verdicts.at(0).ok);
    QVERIFY2(report->verdicts.at(0).problem.startsWith(problem), qPrintable(report->verdicts.at(0).problem));
    QCOMPARE(report->verdicts.at(0).firstAffectedSeq, firstAffected);
    QCOMPARE(report->firstAffectedSeq(), firstAffected);
}

void TestAuditCheckpoints::rewriteAfterAnEarlierCheckpointIsPlaced()
{
    const AuditCheckpoint early = appendAndCheckpoint(3); // covers 4 (3 and the key)
    const AuditCheckpoint late = appendAndCheckpoint(6);  // covers 10
    QCOMPARE(early.seq, qint64(4));
    QCOMPARE(late.seq, qint64(10));
    QString error;
    dropTriggers();
    QList<AuditEntry> log = *m_store->auditEntries({}, &error);
    QByteArray previous = log.at(5).prevHash;
    for (AuditEntry& e : log) {
        if (e.seq < 6)
            continue;
        if (e.seq == 7)
            e.reason = QStringLiteral("nothing to see");
        e.prevHash = previous;
        e.hash = e.computeHash();
        previous = e.hash;
        QVERIFY(rawExec(QStringLiteral("UPDATE audit SET reason = ?, prev_hash = ?, hash = ? WHERE seq = ?"),
                        {e.reason, QString::fromLatin1(e.prevHash), QString::fromLatin1(e.hash), e.seq}));
    }
    closeRaw();
    QVERIFY(m_store->verifyAudit().ok); // the chain alone cannot tell
    const auto report = AuditCheckpointService(m_store.get()).verify({late, early}, &error);
    QVERIFY2(report, qPrintable(error));
    QVERIFY(!report->ok());
    QVERIFY(!report->verdicts.at(0).ok);
    QVERIFY(report->verdicts.at(1).ok);
    QCOMPARE(report->verdicts.at(0).firstAffectedSeq, qint64(5));
    QVERIFY2(report->verdicts.at(0).problem.contains(QLatin1String("between 5 and 10")),
             qPrintable(report->verdicts.at(0).problem));
}

void TestAuditCheckpoints::forgedCheckpointsRefused()
{
    const AuditCheckpoint c = appendAndCheckpoint(4);
    QString error;
    AuditCheckpointService service(m_store.get());
    QVERIFY(service.verify({c}, &error)->ok());

    // Signed with another key, which the store does not know.
    const std::optional<CheckpointKey> other = CheckpointKey::generate(&error);
    QVERIFY(other);
    AuditCheckpoint otherKey = c;
    QVERIFY(otherKey.sign(*other, &error));
    // Signed with another key but claiming the registered one.
    AuditCheckpoint claimed = otherKey;
    claimed.keyId = m_key->keyId();
    // Edited after signing: a later seq, an earlier seq, another hash, another operator.
    AuditCheckpoint editedSeq = c;
    editedSeq.seq = c.seq - 1;
    AuditCheckpoint editedHash = c;
    editedHash.headHash = QByteArray(64, 'f');
    AuditCheckpoint editedOperator = c;
    editedOperator.operatorName = QStringLiteral("mallory");
    // Another store's, correctly signed.
    AuditCheckpoint otherStore = c;
    otherStore.storeId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QVERIFY(otherStore.sign(*m_key, &error));

    const QList<AuditCheckpoint> forged{otherKey, claimed, editedSeq, editedHash, editedOperator, otherStore};
    const auto report = service.verify(forged, &error);
    QVERIFY2(report, qPrintable(error));
    QVERIFY(report->chain.ok);
    QVERIFY(!report->ok());
    QCOMPARE(report->verdicts.size(), forged.size());
    QVERIFY2(report->verdicts.at(0).problem.contains(QLatin1String("not registered")),
             qPrintable(report->verdicts.at(0).problem));
    for (int i = 1; i <= 4; ++i)
        QVERIFY2(report->verdicts.at(i).problem.contains(QLatin1String("forged or edited")),
                 qPrintable(report->verdicts.at(i).problem));
    QVERIFY2(report->verdicts.at(5).problem.contains(QLatin1String("another store")),
             qPrintable(report->verdicts.at(5).problem));
    for (const CheckpointVerdict& v : report->verdicts)
        QVERIFY(!v.ok);

    // An edited file reads as a checkpoint but does not verify; a file that is no checkpoint is refused.
    QJsonObject json = QJsonDocument::fromJson(c.toJson()).object();
    json.insert(QStringLiteral("seq"), QStringLiteral("3"));
    const std::optional<AuditCheckpoint> edited =
        AuditCheckpoint::fromJson(QJsonDocument(json).toJson(), &error);
    QVERIFY2(edited, qPrintable(error));
    QVERIFY(!service.verify({*edited}, &error)->ok());
    json.insert(QStringLiteral("seq"), 3);
    QVERIFY(!AuditCheckpoint::fromJson(QJsonDocument(json).toJson(), &error));
    QVERIFY(!AuditCheckpoint::fromJson("not json", &error));
}

void TestAuditCheckpoints::brokenChainIsNotSigned()
{
    QString error;
    for (int i = 1; i <= 3; ++i)
        QVERIFY(m_store->appendAudit(entry(i), &error));
    dropTriggers();
    QVERIFY(rawExec(QStringLiteral("UPDATE audit SET reason = 'nothing to see' WHERE seq = 2")));
    closeRaw();
    bool broken = false;
    QVERIFY(!AuditCheckpointService(m_store.get()).checkpoint(auditor(), *m_key, &error, &broken));
    QVERIFY(broken);
    QVERIFY2(error.contains(QLatin1String("broken at entry 2")), qPrintable(error));
    QCOMPARE(m_store->checkpointKeys(&error)->size(), 0);
    QCOMPARE(m_store->checkpoints(&error)->size(), 0);
    QCOMPARE(m_store->auditEntries({}, &error)->size(), 3);
}

void TestAuditCheckpoints::storedBytesAreHashedAsStored()
{
    // A stored JSON text that Qt would write differently ("1.0" and "1e2" become 1 and 100) still
    // verifies: the hash covers the text as stored, never its re-serialisation.
    QString error;
    QVERIFY(m_store->appendAudit(entry(1), &error));
    AuditEntry e = entry(2);
    e.seq = 2;
    e.hashFormat = AuditEntry::kLatestHashFormat;
    e.time = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 678), Qt::UTC);
    e.stored.requestSummary = QStringLiteral("{\"amount\":1.0,\"limit\":1e2}");
    e.prevHash = m_store->auditEntries({}, &error)->constFirst().hash;
    e.hash = e.computeHash();
    QVERIFY(QJsonDocument(QJsonDocument::fromJson(e.stored.requestSummary.toUtf8()))
                .toJson(QJsonDocument::Compact) != e.stored.requestSummary.toUtf8());
    QVERIFY(rawExec(
        QStringLiteral("INSERT INTO audit (seq, %1) VALUES (2, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .arg(QLatin1String(kAuditDataColumns)),
        {AuditEntry::formatTime(e.time), e.operatorName, e.role, e.event, e.action, e.provider,
         QStringLiteral("[\"CUST-2\"]"), e.reason, e.stored.requestSummary, QStringLiteral("{}"),
         QStringLiteral("{}"), e.outcome, QVariant(QMetaType::fromType<qint64>()),
         QString::fromLatin1(e.prevHash), QString::fromLatin1(e.hash)}));
    closeRaw();
    QVERIFY(m_store->appendAudit(entry(3), &error));
    const AuditVerification v = m_store->verifyAudit();
    QVERIFY2(v.ok && v.entries == 3, qPrintable(v.problem));
    const QList<AuditEntry> log = *m_store->auditEntries({}, &error);
    QCOMPARE(log.at(1).stored.requestSummary, e.stored.requestSummary);
    QCOMPARE(log.at(1).storedBytes(), e.storedBytes());
    QVERIFY(log.at(1).storedBytes().contains("request_summary:26:{\"amount\":1.0,\"limit\":1e2}\n"));
}

void TestAuditCheckpoints::formatOneEntriesStillVerify()
{
    // What a store written before schema version 6 holds: hash format 1 over the canonical JSON. It
    // verifies as it is, followed by format 2 entries; nothing is re-hashed.
    QString error;
    QByteArray previous(64, '0');
    for (int seq = 1; seq <= 3; ++seq) {
        AuditEntry e = entry(seq);
        e.seq = seq;
        e.hashFormat = 1;
        e.time = QDateTime(QDate(2025, 6, 1), QTime(12, 0, seq), Qt::UTC);
        e.prevHash = previous;
        e.hash = e.computeHash();
        QCOMPARE(e.canonicalJson(), e.reserialisedJson()); // the splice is what Qt wrote
        previous = e.hash;
        QVERIFY(rawExec(
            QStringLiteral(
                "INSERT INTO audit (seq, %1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .arg(QLatin1String(kAuditDataColumns)),
            {e.seq, AuditEntry::formatTime(e.time), e.operatorName, e.role, e.event, e.action, e.provider,
             QString::fromUtf8(
                 QJsonDocument(QJsonArray::fromStringList(e.subjectIds)).toJson(QJsonDocument::Compact)),
             e.reason, QString::fromUtf8(QJsonDocument(e.requestSummary).toJson(QJsonDocument::Compact)),
             QStringLiteral("{}"), QStringLiteral("{}"), e.outcome, QVariant(QMetaType::fromType<qint64>()),
             QString::fromLatin1(e.prevHash), QString::fromLatin1(e.hash)}));
    }
    closeRaw();
    QVERIFY(m_store->appendAudit(entry(4), &error));
    const AuditVerification v = m_store->verifyAudit();
    QVERIFY2(v.ok && v.entries == 4, qPrintable(v.problem));
    const QList<AuditEntry> log = *m_store->auditEntries({}, &error);
    QCOMPARE(log.at(2).matchedHashFormat(), 1);
    QCOMPARE(log.at(3).matchedHashFormat(), 2);
    // A changed format 1 entry is still found.
    dropTriggers();
    QVERIFY(rawExec(QStringLiteral("UPDATE audit SET reason = 'nothing to see' WHERE seq = 2")));
    closeRaw();
    QCOMPARE(m_store->verifyAudit().firstBrokenSeq, qint64(2));
}

void TestAuditCheckpoints::keyFromASecretStore()
{
    // The console's way: the key lives in a SecretStore (the keychain), made on first use.
    InMemorySecretStore secrets;
    std::optional<CheckpointKey> first;
    std::optional<CheckpointKey> second;
    QString error = QStringLiteral("not called");
    CheckpointKeySecret::load(&secrets, QStringLiteral("audrey"), this,
                              [&](const std::optional<CheckpointKey>& key, const QString& problem) {
                                  first = key;
                                  error = problem;
                              });
    QTRY_VERIFY2(first, qPrintable(error));
    QCOMPARE(secrets.count(), 1);
    CheckpointKeySecret::load(&secrets, QStringLiteral("audrey"), this,
                              [&](const std::optional<CheckpointKey>& key, const QString&) { second = key; });
    QTRY_VERIFY(second);
    QCOMPARE(second->publicKey(), first->publicKey());
    QCOMPARE(secrets.count(), 1);
    const std::optional<AuditCheckpoint> c =
        AuditCheckpointService(m_store.get()).checkpoint(auditor(), *first, &error);
    QVERIFY2(c, qPrintable(error));
    QVERIFY(AuditCheckpointService(m_store.get()).verify({*c}, &error)->ok());

    // A damaged secret is said so, never replaced.
    bool answered = false;
    bool written = false;
    secrets.write(CheckpointKeySecret::secretName(QStringLiteral("olivia")), QStringLiteral("garbage"), this,
                  [&](const SecretStore::Result&) { written = true; });
    QTRY_VERIFY(written);
    CheckpointKeySecret::load(&secrets, QStringLiteral("olivia"), this,
                              [&](const std::optional<CheckpointKey>& key, const QString& problem) {
                                  answered = true;
                                  QVERIFY(!key);
                                  error = problem;
                              });
    QTRY_VERIFY(answered);
    QVERIFY2(error.contains(QLatin1String("damaged")), qPrintable(error));
}

// ---------------------------------------------------------------------------------------------- CLI

Run TestAuditCheckpoints::cli(const QStringList& args, const QString& operatorName)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("IDENTITYDESK_PASSWORD"), kPassword);
    env.insert(QStringLiteral("IDENTITYDESK_NEW_PASSWORD"), kPassword);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    env.remove(QStringLiteral("IDENTITYDESK_WITNESS_DIR"));
    env.remove(QStringLiteral("IDENTITYDESK_CHECKPOINT_KEY"));
    p.setProcessEnvironment(env);
    QStringList all{QStringLiteral("--store"), m_testStore->url()};
    if (!operatorName.isEmpty())
        all << QStringLiteral("--operator") << operatorName;
    p.setStandardInputFile(QProcess::nullDevice());
    p.start(QStringLiteral(CLI_PATH), all + args);
    if (!p.waitForFinished(60000))
        p.kill();
    Run r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

void TestAuditCheckpoints::cliCheckpointAndVerify()
{
    m_store.reset(); // the CLI's own process writes the store
    const QString key = m_dir.filePath(QStringLiteral("keys/boss.key"));
    const QString out = m_dir.filePath(QStringLiteral("checkpoint.json"));
    const QString witness = m_dir.filePath(QStringLiteral("witness"));
    QFile::remove(key);
    QFile::remove(out);
    QDir(witness).removeRecursively();

    Run r = cli({QStringLiteral("operators"), QStringLiteral("add"), QStringLiteral("boss"),
                 QStringLiteral("--role"), QStringLiteral("supervisor")},
                QString());
    QVERIFY2(r.code == 0, r.err.constData());
    r = cli({QStringLiteral("audit"), QStringLiteral("checkpoint"), QStringLiteral("--key"), key,
             QStringLiteral("--out"), out, QStringLiteral("--witness"), witness});
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY2(r.out.contains("Checkpoint signed: entry 3"), r.out.constData()); // added, signed in, key
    QVERIFY2(r.err.contains("A new checkpoint signing key"), r.err.constData());
    QVERIFY(QFile::exists(out));
    QCOMPARE(QDir(witness).entryList(QDir::Files).size(), 1);
#ifdef Q_OS_UNIX
    QCOMPARE(QFile(key).permissions() &
                 (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
             QFileDevice::Permissions());
#endif
    // The witness copy is the same checkpoint as --out.
    QFile a(out), b(QDir(witness).filePath(QDir(witness).entryList(QDir::Files).constFirst()));
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    QCOMPARE(a.readAll(), b.readAll());

    r = cli({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--checkpoint"), out});
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY2(r.out.contains("Head: entry 4, hash "), r.out.constData());
    QVERIFY2(r.out.contains("signature valid, entry unchanged"), r.out.constData());
    r = cli({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("verify"),
             QStringLiteral("--checkpoint"), out,
             QDir(witness).filePath(QDir(witness).entryList(QDir::Files).constFirst())});
    QVERIFY2(r.code == 0, r.err.constData());
    QCOMPARE(r.json().value(QStringLiteral("ok")).toBool(), true);
    QCOMPARE(r.json().value(QStringLiteral("head_seq")).toInt(), 5);
    QCOMPARE(r.json().value(QStringLiteral("head_hash")).toString().size(), 64);
    QCOMPARE(r.json().value(QStringLiteral("checkpoints")).toArray().size(), 2);

    // A second checkpoint reuses the key: no new key, no second registration.
    r = cli({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("checkpoint"),
             QStringLiteral("--key"), key});
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY(!r.err.contains("A new checkpoint signing key"));
    QCOMPARE(r.json().value(QStringLiteral("seq")).toInt(), 6);
    QCOMPARE(r.json().value(QStringLiteral("files")).toArray().size(), 0);

    // A key file others may read is refused (usage, nothing signed).
    QVERIFY(QFile::setPermissions(key, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup));
    r = cli({QStringLiteral("audit"), QStringLiteral("checkpoint"), QStringLiteral("--key"), key});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("chmod 600"), r.err.constData());
    QVERIFY(QFile::setPermissions(key, QFile::ReadOwner | QFile::WriteOwner));

    // A forged file: seq edited.
    QFile original(out);
    QVERIFY(original.open(QIODevice::ReadOnly));
    QJsonObject forged = QJsonDocument::fromJson(original.readAll()).object();
    forged.insert(QStringLiteral("seq"), QStringLiteral("2"));
    const QString forgedPath = m_dir.filePath(QStringLiteral("forged.json"));
    QFile forgedFile(forgedPath);
    QVERIFY(forgedFile.open(QIODevice::WriteOnly | QIODevice::Truncate));
    forgedFile.write(QJsonDocument(forged).toJson());
    forgedFile.close();
    r = cli({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--checkpoint"), forgedPath});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("forged or edited"), r.err.constData());

    // The attack of issue 32: triggers dropped, the last entries deleted. The chain alone still
    // verifies; the checkpoint says where it ended.
    dropTriggers();
    QVERIFY(rawExec(QStringLiteral("DELETE FROM audit_checkpoints")));
    QVERIFY(rawExec(QStringLiteral("UPDATE audit_keys SET audit_seq = 1")));
    QVERIFY(rawExec(QStringLiteral("DELETE FROM audit WHERE seq >= 2")));
    closeRaw();
    // (Each run signs in, which appends an entry: this one makes entry 2 of 3 checkpointed.)
    r = cli({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--checkpoint"), out});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.out.contains("Audit chain verified: 2 entries, no break."), r.out.constData());
    QVERIFY2(r.err.contains("cut short"), r.err.constData());
    QVERIFY2(r.err.contains("First entry affected: 3."), r.err.constData());
    r = cli({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("verify"),
             QStringLiteral("--checkpoint"), out});
    QCOMPARE(r.code, 3);
    const QJsonObject verdict = r.json().value(QStringLiteral("checkpoints")).toArray().at(0).toObject();
    QCOMPARE(verdict.value(QStringLiteral("ok")).toBool(), false);
    QCOMPARE(verdict.value(QStringLiteral("seq")).toInt(), 3);
    QCOMPARE(r.json().value(QStringLiteral("ok")).toBool(), false);
    // This run's sign-in took seq 3 again: an entry newer than the checkpoint where it should be.
    QCOMPARE(r.json().value(QStringLiteral("first_affected_seq")).toInt(), 2);
    QVERIFY2(
        verdict.value(QStringLiteral("problem")).toString().contains(QLatin1String("numbers used again")),
        qPrintable(verdict.value(QStringLiteral("problem")).toString()));
    // Without the checkpoint, nothing shows.
    r = cli({QStringLiteral("audit"), QStringLiteral("verify")});
    QVERIFY2(r.code == 0, r.err.constData());

    // A file that is no checkpoint: usage error.
    r = cli({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--checkpoint"), key});
    QCOMPARE(r.code, 2);
}

QTEST_GUILESS_MAIN(TestAuditCheckpoints)
#include "tst_auditcheckpoints.moc"
