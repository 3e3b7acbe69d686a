// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 33, hostile input: identitydesk-cli refuses an id no provider could mean, an unsupported
// store URL and a wrong password before anything is sent or stored. A real identitydesk-cli process,
// the in-process sandbox over TLS (its request log proves what reached the wire) and a real SQLite
// store (its audit log proves nothing was written).
#include "CliRun.h"
#include "SandboxServer.h"
#include "domain/Subject.h"
#include "sdkfinance/SdkFinanceEmulator.h"
#include "store/Store.h"
#include "store/StoreFactory.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>

namespace {
const QString kPassword = QStringLiteral("correct-horse-battery");
const QString kOperator = QStringLiteral("ada");
const QString kReason = QStringLiteral("Customer asked for a fresh enrollment (ticket 5521)");

} // namespace

class TestCliHostile final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void smartIdUnenrollRefusesHostileIds_data();
    void smartIdUnenrollRefusesHostileIds();
    void smartIdBulkDryRunListsHostileRowsAsInvalid();
    void sdkFinanceBadIdsAreRefusedBeforeTheLogin_data();
    void sdkFinanceBadIdsAreRefusedBeforeTheLogin();
    void usersShowRefusesIdsNoProviderCouldMean_data();
    void usersShowRefusesIdsNoProviderCouldMean();
    void trustSwiftlyIdIsEncodedOnce();
    void unsupportedStoreSchemeIsAUsageError_data();
    void unsupportedStoreSchemeIsAUsageError();
    void readingNeedsASignedInOperator_data();
    void readingNeedsASignedInOperator();

private:
    /// Runs the CLI with the profile and the store; operatorName empty: no --operator at all.
    CliRun cli(const QStringList& args, const QString& operatorName = kOperator,
               const QString& password = kPassword, const QString& store = QString());
    /// Audit entries other than sign-ins, -1 when the store cannot be read.
    qsizetype auditEntries();

    QTemporaryDir m_dir;
    std::unique_ptr<SandboxServer> m_sandbox;
    QString m_profile;
    QString m_store;
};

void TestCliHostile::initTestCase()
{
    QVERIFY(m_dir.isValid());
    SandboxOptions options;
    options.users = 100;
    options.seed = 33;
    m_sandbox = std::make_unique<SandboxServer>(options);
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    m_profile = m_dir.filePath(QStringLiteral("sandbox.json"));
    QVERIFY2(m_sandbox->writeProfile(m_profile, &error), qPrintable(error));
    m_store = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("store.sqlite"));

    // The first operator of an empty store needs no sign-in (docs/architecture.md section 6).
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("IDENTITYDESK_NEW_PASSWORD"), kPassword);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(CLI_PATH),
            {QStringLiteral("--store"), m_store, QStringLiteral("operators"), QStringLiteral("add"),
             kOperator, QStringLiteral("--role"), QStringLiteral("supervisor")});
    QVERIFY(p.waitForFinished(30000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
}

void TestCliHostile::init()
{
    m_sandbox->clearRequestLog();
}

CliRun TestCliHostile::cli(const QStringList& args, const QString& operatorName, const QString& password,
                           const QString& store)
{
    QProcessEnvironment env = CliRun::cleanEnvironment();
    env.insert(QStringLiteral("IDENTITYDESK_PASSWORD"), password);
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    QStringList all{QStringLiteral("--profile"), m_profile, QStringLiteral("--store"),
                    store.isEmpty() ? m_store : store};
    if (!operatorName.isEmpty())
        all << QStringLiteral("--operator") << operatorName;
    return CliRun::run(QStringLiteral(CLI_PATH), all + args, env);
}

qsizetype TestCliHostile::auditEntries()
{
    QString error;
    const std::unique_ptr<Store> store = StoreFactory::open(m_store, &error);
    if (!store) {
        qWarning("%s", qPrintable(error));
        return -1;
    }
    const std::optional<QList<AuditEntry>> entries = store->auditEntries(AuditFilter{}, &error);
    if (!entries)
        return -1;
    // A sign-in is recorded (who looked); anything else would be an intent, a link, an action.
    return std::count_if(entries->cbegin(), entries->cend(),
                         [](const AuditEntry& e) { return e.event != QLatin1String("signed-in"); });
}

void TestCliHostile::smartIdUnenrollRefusesHostileIds_data()
{
    QTest::addColumn<QString>("user");
    QTest::newRow("line break") << QStringLiteral("a@example.com\nb@example.com");
    QTest::newRow("control character") << QStringLiteral("a\x01@example.com");
    QTest::newRow("ESC") << QStringLiteral("a\x1b[2K@example.com");
    QTest::newRow("space") << QStringLiteral("a b@example.com");
    QTest::newRow("../x") << QStringLiteral("../x");
    QTest::newRow("backslash") << QStringLiteral("a\\b@example.com");
    QTest::newRow("%2F") << QStringLiteral("%2F");
    QTest::newRow("101 characters") << QString(101, u'a');
}

void TestCliHostile::smartIdUnenrollRefusesHostileIds()
{
    QFETCH(QString, user);
    const qsizetype before = auditEntries();
    QVERIFY(before >= 0);
    const CliRun r = cli(
        {QStringLiteral("smartid"), QStringLiteral("unenroll"), user, QStringLiteral("--reason"), kReason});
    QVERIFY2(r.code == 2, r.describe().constData());
    QVERIFY2(r.err.contains("is not a SmartID user id"), r.describe().constData());
    QVERIFY2(r.err.contains("1 to 100 characters"), r.describe().constData()); // says what is accepted
    QVERIFY2(!r.err.contains('\x1b') && !r.err.contains('\x01'), r.describe().constData());
    QVERIFY(r.out.isEmpty());
    QCOMPARE(m_sandbox->requestLog().size(), 0);
    QCOMPARE(auditEntries(), before);
}

void TestCliHostile::smartIdBulkDryRunListsHostileRowsAsInvalid()
{
    const QString path = m_dir.filePath(QStringLiteral("hostile.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    const QByteArray reason = kReason.toUtf8();
    file.write("provider,action,user_id,params,reason\n"
               "smartid,unenroll,../x,," +
               reason +
               "\n"
               "smartid,unenroll,a%2Fb@example.com,," +
               reason +
               "\n"
               "smartid,unenroll,\"a\nb@example.com\",," +
               reason +
               "\n"
               "smartid,unenroll,a\x1b[2Kb@example.com,," +
               reason +
               "\n"
               "smartid,unenroll,\"a b@example.com\",," +
               reason + "\n");
    file.close();
    const qsizetype before = auditEntries();
    const CliRun r = cli({QStringLiteral("bulk"), path, QStringLiteral("--dry-run")});
    QVERIFY2(r.code == 2, r.describe().constData());
    QCOMPARE(r.out.count("is not a SmartID user id") + r.err.count("is not a SmartID user id"), 5);
    QVERIFY2(!r.out.contains('\x1b'), r.describe().constData());
    QCOMPARE(m_sandbox->requestLog().size(), 0);
    QCOMPARE(auditEntries(), before);
}

void TestCliHostile::sdkFinanceBadIdsAreRefusedBeforeTheLogin_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("said");
    const QString user = SdkFinanceEmulator::userId(4);
    const QStringList reason{QStringLiteral("--reason"), kReason};
    QTest::newRow("reset ../x") << (QStringList{QStringLiteral("sdkfinance"), QStringLiteral("reset"),
                                                QStringLiteral("../x"), QStringLiteral("--field"),
                                                QStringLiteral("address.city")} +
                                    reason)
                                << QStringLiteral("is not an SDK.Finance user id");
    QTest::newRow("reset %2F") << (QStringList{QStringLiteral("sdkfinance"), QStringLiteral("reset"),
                                               QStringLiteral("a%2Fb"), QStringLiteral("--field"),
                                               QStringLiteral("address.city")} +
                                   reason)
                               << QStringLiteral("is not an SDK.Finance user id");
    QTest::newRow("approve ../x") << (QStringList{QStringLiteral("sdkfinance"), QStringLiteral("approve"),
                                                  QStringLiteral("../x"), QStringLiteral("1")} +
                                      reason)
                                  << QStringLiteral("is not an SDK.Finance user id");
    QTest::newRow("decline request ../x")
        << (QStringList{QStringLiteral("sdkfinance"), QStringLiteral("decline"), user,
                        QStringLiteral("../x")} +
            reason)
        << QStringLiteral("is not a reset request id");
    QTest::newRow("approve request with a space")
        << (QStringList{QStringLiteral("sdkfinance"), QStringLiteral("approve"), user,
                        QStringLiteral("1 2")} +
            reason)
        << QStringLiteral("is not a reset request id");
}

void TestCliHostile::sdkFinanceBadIdsAreRefusedBeforeTheLogin()
{
    QFETCH(QStringList, args);
    QFETCH(QString, said);
    const qsizetype before = auditEntries();
    const CliRun r = cli(args);
    QVERIFY2(r.code == 2, r.describe().constData());
    QVERIFY2(r.err.contains(said.toUtf8()), r.describe().constData());
    QVERIFY2(r.err.contains("no '/', '?', '#', '%' or spaces"), r.describe().constData());
    // Not even the login to SDK.Finance.
    QCOMPARE(m_sandbox->requestLog().size(), 0);
    QCOMPARE(auditEntries(), before);
}

void TestCliHostile::usersShowRefusesIdsNoProviderCouldMean_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("said");
    QTest::newRow("empty") << QString() << QString() << QStringLiteral("an empty ID is never valid");
    QTest::newRow("blank") << QStringLiteral("  ") << QString()
                           << QStringLiteral("an empty ID is never valid");
    QTest::newRow("empty, Trust Swiftly")
        << QString() << QStringLiteral("trustswiftly") << QStringLiteral("an empty ID is never valid");
    QTest::newRow("reference with ESC")
        << QStringLiteral("CUST\x1b[2K") << QString() << QStringLiteral("not a subject reference");
    QTest::newRow("../x, SDK.Finance") << QStringLiteral("../x") << QStringLiteral("sdkfinance")
                                       << QStringLiteral("is not an SDK.Finance user id");
    QTest::newRow("../x, Trust Swiftly") << QStringLiteral("../x") << QStringLiteral("trustswiftly")
                                         << QStringLiteral("is not a Trust Swiftly user id");
    QTest::newRow("%2F, Trust Swiftly") << QStringLiteral("1%2F2") << QStringLiteral("trustswiftly")
                                        << QStringLiteral("is not a Trust Swiftly user id");
    QTest::newRow("line break, Smile ID")
        << QStringLiteral("a\nb") << QStringLiteral("smileid") << QStringLiteral("is not a Smile ID user id");
    QTest::newRow("%2F, SmartID") << QStringLiteral("%2F") << QStringLiteral("smartid")
                                  << QStringLiteral("is not a SmartID user id");
}

void TestCliHostile::usersShowRefusesIdsNoProviderCouldMean()
{
    QFETCH(QString, id);
    QFETCH(QString, provider);
    QFETCH(QString, said);
    QStringList args{QStringLiteral("users"), QStringLiteral("show"), id};
    if (!provider.isEmpty())
        args << QStringLiteral("--provider") << provider;
    const CliRun r = cli(args);
    QVERIFY2(r.code == 2, r.describe().constData());
    QVERIFY2(r.err.contains(said.toUtf8()), r.describe().constData());
    QVERIFY2(!r.err.contains('\x1b'), r.describe().constData());
    QVERIFY(r.out.isEmpty());
    QCOMPARE(m_sandbox->requestLog().size(), 0);
}

void TestCliHostile::trustSwiftlyIdIsEncodedOnce()
{
    // A good id reaches Trust Swiftly as it is, once.
    CliRun r = cli({QStringLiteral("--json"), QStringLiteral("users"), QStringLiteral("show"),
                    QStringLiteral("3"), QStringLiteral("--provider"), QStringLiteral("trustswiftly")});
    QVERIFY2(r.code == 0, r.describe().constData());
    QList<QString> paths;
    for (const RecordedRequest& request : m_sandbox->requestLog())
        paths << request.path;
    QCOMPARE(paths, QList<QString>{QStringLiteral("/trustswiftly/api/users/3")});
    const QJsonObject section =
        QJsonDocument::fromJson(r.out).object().value(QStringLiteral("trustswiftly")).toObject();
    QCOMPARE(section.value(QStringLiteral("user")).toObject().value(QStringLiteral("id")).toString(),
             QStringLiteral("3"));

    // An id linked in the subject index that Trust Swiftly cannot mean is not looked up at all:
    // before, "a%2Fb" travelled as "a%252Fb".
    // Such an id no longer enters the index (ProviderIdGrammar: the provider's own grammar)...
    r = cli({QStringLiteral("subjects"), QStringLiteral("link"), QStringLiteral("CASE-33"),
             QStringLiteral("trustswiftly:a%2Fb"), QStringLiteral("--reason"), kReason});
    QVERIFY2(r.code == 2, r.describe().constData());
    QVERIFY2(r.err.contains("is not a Trust Swiftly user id"), r.describe().constData());
    // ... and one an older console stored is never looked up.
    {
        QString error;
        std::unique_ptr<Store> store = StoreFactory::open(m_store, &error);
        QVERIFY2(store, qPrintable(error));
        Subject old;
        old.reference = QStringLiteral("CASE-33");
        old.ids.insert(QStringLiteral("trustswiftly"), QStringLiteral("a%2Fb"));
        AuditEntry entry;
        entry.operatorName = kOperator;
        entry.role = QStringLiteral("supervisor");
        entry.event = QStringLiteral("subjects-imported");
        entry.action = QStringLiteral("subjects");
        QVERIFY2(store->saveSubjects({old}, entry, &error), qPrintable(error));
    }
    m_sandbox->clearRequestLog();
    r = cli({QStringLiteral("--json"), QStringLiteral("users"), QStringLiteral("show"),
             QStringLiteral("CASE-33")});
    QVERIFY2(r.code == 3, r.describe().constData()); // the section failed: invalid data, nothing asked
    QVERIFY2(r.err.contains("is not a Trust Swiftly user id"), r.describe().constData());
    for (const RecordedRequest& request : m_sandbox->requestLog()) {
        QVERIFY2(!request.path.contains(QLatin1String("/api/users/")), qPrintable(request.path));
        QVERIFY2(!request.path.contains(QLatin1String("%25")), qPrintable(request.path));
    }
}

void TestCliHostile::unsupportedStoreSchemeIsAUsageError_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("store");
    const QStringList search{QStringLiteral("users"), QStringLiteral("search"), QStringLiteral("a")};
    QTest::newRow("mysql, users search") << search << QStringLiteral("mysql://x");
    QTest::newRow("file URL, users search") << search << QStringLiteral("file:///tmp/x.sqlite");
    QTest::newRow("bare path, users search") << search << QStringLiteral("/tmp/x.sqlite");
    QTest::newRow("mysql, users show")
        << QStringList{QStringLiteral("users"), QStringLiteral("show"), QStringLiteral("3"),
                       QStringLiteral("--provider"), QStringLiteral("trustswiftly")}
        << QStringLiteral("mysql://x");
    QTest::newRow("mysql, trustswiftly workflows")
        << QStringList{QStringLiteral("trustswiftly"), QStringLiteral("workflows")}
        << QStringLiteral("mysql://x");
    QTest::newRow("mysql, sdkfinance requests")
        << QStringList{QStringLiteral("sdkfinance"), QStringLiteral("requests")}
        << QStringLiteral("mysql://x");
    QTest::newRow("mysql, smileid job-status")
        << QStringList{QStringLiteral("smileid"), QStringLiteral("job-status"), QStringLiteral("REF-000001"),
                       QStringLiteral("JOB-000001")}
        << QStringLiteral("mysql://x");
    QTest::newRow("mysql, smartid unenroll")
        << QStringList{QStringLiteral("smartid"), QStringLiteral("unenroll"), QStringLiteral("a@example.com"),
                       QStringLiteral("--reason"), kReason}
        << QStringLiteral("mysql://x");
}

void TestCliHostile::unsupportedStoreSchemeIsAUsageError()
{
    QFETCH(QStringList, args);
    QFETCH(QString, store);
    const CliRun r = cli(args, kOperator, kPassword, store);
    QVERIFY2(r.code == 2, r.describe().constData());
    QVERIFY2(r.err.contains("sqlite:PATH") && r.err.contains("postgresql://"), r.describe().constData());
    QVERIFY(r.out.isEmpty());
    QCOMPARE(m_sandbox->requestLog().size(), 0);
}

void TestCliHostile::readingNeedsASignedInOperator_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("users search") << QStringList{QStringLiteral("users"), QStringLiteral("search"),
                                                 QStringLiteral("a")};
    QTest::newRow("users search sdkfinance")
        << QStringList{QStringLiteral("users"), QStringLiteral("search"), QStringLiteral("a"),
                       QStringLiteral("--provider"), QStringLiteral("sdkfinance")};
    QTest::newRow("users show") << QStringList{QStringLiteral("users"), QStringLiteral("show"),
                                               QStringLiteral("3"), QStringLiteral("--provider"),
                                               QStringLiteral("trustswiftly")};
    QTest::newRow("trustswiftly workflows")
        << QStringList{QStringLiteral("trustswiftly"), QStringLiteral("workflows")};
    QTest::newRow("sdkfinance requests")
        << QStringList{QStringLiteral("sdkfinance"), QStringLiteral("requests")};
    QTest::newRow("smileid job-status")
        << QStringList{QStringLiteral("smileid"), QStringLiteral("job-status"), QStringLiteral("REF-000001"),
                       QStringLiteral("JOB-000001")};
}

void TestCliHostile::readingNeedsASignedInOperator()
{
    QFETCH(QStringList, args);
    // A wrong password: the same words as for a change.
    CliRun r = cli(args, kOperator, QStringLiteral("not-the-password"));
    QVERIFY2(r.code == 7, r.describe().constData());
    QVERIFY2(r.err.contains("Unknown operator or wrong password."), r.describe().constData());
    QVERIFY(r.out.isEmpty());
    QCOMPARE(m_sandbox->requestLog().size(), 0);
    // No operator at all.
    r = cli(args, QString());
    QVERIFY2(r.code == 7, r.describe().constData());
    QVERIFY2(r.err.contains("--operator NAME"), r.describe().constData());
    QCOMPARE(m_sandbox->requestLog().size(), 0);
    // And signed in, it reads.
    r = cli(args);
    QVERIFY2(r.code == 0, r.describe().constData());
    QVERIFY(!m_sandbox->requestLog().isEmpty());
}

QTEST_GUILESS_MAIN(TestCliHostile)
#include "tst_cli_hostile.moc"
