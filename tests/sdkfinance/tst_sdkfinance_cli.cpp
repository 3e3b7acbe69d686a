// SPDX-License-Identifier: GPL-3.0-or-later
// identitydesk-cli's sdkfinance commands as an operator uses them, against the in-process sandbox
// over TLS and a real store: listing, exit codes, nothing sent for a bad field path.
#include "SandboxServer.h"
#include "TestStore.h"
#include "sdkfinance/SdkFinanceEmulator.h"
#include "store/PasswordHasher.h"
#include "store/Store.h"
#include "store/StoreFactory.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {
const QString kPassword = QStringLiteral("correct-horse-battery");

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};
} // namespace

class TestSdkFinanceCli final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void unknownFieldPathExitsTwoAndSendsNothing();
    void usageErrors();
    void requestsAsJson();
    void requestsAsTextWithStatusAndPage();
    void approveIsForSupervisors();
    void decidingTwiceExitsThreeWithTheServersMessage();
    void resetWaitsForApprovalThenIsSent();
    void loginWithoutThePermissionExitsSeven();

private:
    Run cli(const QStringList& args, const QString& operatorName = QString(),
            const QString& profile = QString());
    int requestsTo(const QString& pathEnd) const;
    QList<SdkFinanceResetRequest> pendingNow() const;

    QTemporaryDir m_dir;
    TestStore m_store;
    std::unique_ptr<SandboxServer> m_sandbox;
    QString m_profile;
    QString m_restrictedProfile;
    QSet<QString> m_decided; ///< requests decided by earlier tests
};

void TestSdkFinanceCli::initTestCase()
{
    if (!TestStore::available())
        QSKIP("IDENTITYDESK_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against");
    QString error;
    QVERIFY2(m_store.create(&error), qPrintable(error));
    {
        std::unique_ptr<Store> store = StoreFactory::open(m_store.url(), &error);
        QVERIFY2(store, qPrintable(error));
        for (const auto& [name, role] :
             {std::pair{"olivia", Role::Officer}, std::pair{"sam", Role::Supervisor},
              std::pair{"sara", Role::Supervisor}}) {
            Operator op;
            op.name = QString::fromLatin1(name);
            op.role = role;
            op.createdAt = QDateTime::currentDateTimeUtc();
            const auto hash = PasswordHasher::hash(kPassword, PasswordHasher::kMinimumIterations);
            QVERIFY(hash);
            QVERIFY2(store->addOperator(op, *hash, &error), qPrintable(error));
        }
    }
    SandboxOptions options;
    options.users = 300;
    options.seed = 21;
    m_sandbox = std::make_unique<SandboxServer>(options);
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    m_profile = m_dir.filePath(QStringLiteral("sandbox.json"));
    QVERIFY2(m_sandbox->writeProfile(m_profile, &error), qPrintable(error));

    // The same profile with the login that lacks RESET_IDENTIFICATION_INITIATOR.
    QFile in(m_profile);
    QVERIFY(in.open(QIODevice::ReadOnly));
    QJsonObject profile = QJsonDocument::fromJson(in.readAll()).object();
    QJsonObject sdk = profile.value(QStringLiteral("sdkfinance")).toObject();
    sdk.insert(QStringLiteral("login"), options.sdkFinanceRestrictedLogin);
    sdk.insert(QStringLiteral("password"), options.sdkFinanceRestrictedPassword);
    profile.insert(QStringLiteral("sdkfinance"), sdk);
    m_restrictedProfile = m_dir.filePath(QStringLiteral("restricted.json"));
    QFile out(m_restrictedProfile);
    QVERIFY(out.open(QIODevice::WriteOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    out.write(QJsonDocument(profile).toJson());
}

void TestSdkFinanceCli::init()
{
    m_sandbox->clearRequestLog();
}

Run TestSdkFinanceCli::cli(const QStringList& args, const QString& operatorName, const QString& profile)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("IDENTITYDESK_PASSWORD"), kPassword);
    p.setProcessEnvironment(env);
    QStringList all{QStringLiteral("--profile"), profile.isEmpty() ? m_profile : profile,
                    QStringLiteral("--store"), m_store.url()};
    if (!operatorName.isEmpty())
        all << QStringLiteral("--operator") << operatorName;
    p.setStandardInputFile(QProcess::nullDevice());
    p.start(QStringLiteral(CLI_PATH), all + args);
    // The sandbox lives in this process: keep its event loop turning while the CLI talks to it.
    const QDeadlineTimer deadline(60000);
    while (p.state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(20);
    Run r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

int TestSdkFinanceCli::requestsTo(const QString& pathEnd) const
{
    int n = 0;
    for (const RecordedRequest& r : m_sandbox->requestLog())
        if (r.path.endsWith(pathEnd))
            ++n;
    return n;
}

QList<SdkFinanceResetRequest> TestSdkFinanceCli::pendingNow() const
{
    QList<SdkFinanceResetRequest> list;
    for (const SdkFinanceResetRequest& r : SdkFinanceEmulator::seedRequests(m_sandbox->population()))
        if (r.status == QLatin1String("PENDING") && !m_decided.contains(r.id))
            list << r;
    return list;
}

void TestSdkFinanceCli::unknownFieldPathExitsTwoAndSendsNothing()
{
    const QString user = SdkFinanceEmulator::userId(4);
    for (const QString& bad :
         {QStringLiteral("person.namePlain.nickname"), QStringLiteral("person.namePlain"),
          QStringLiteral("profile.address.city"), QStringLiteral("security.twoFactorsAuthEnabled")}) {
        const Run r =
            cli({QStringLiteral("sdkfinance"), QStringLiteral("reset"), user, QStringLiteral("--field"),
                 QStringLiteral("address.city"), QStringLiteral("--field"), bad, QStringLiteral("--reason"),
                 QStringLiteral("New passport")},
                QStringLiteral("olivia"));
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(bad.toUtf8()), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }
    // Not a login, not anything.
    QCOMPARE(m_sandbox->requestLog().size(), 0);
    // And nothing was written to the audit log either.
    const Run audit = cli({QStringLiteral("--json"), QStringLiteral("approvals"), QStringLiteral("list")},
                          QStringLiteral("sam"));
    QCOMPARE(audit.code, 0);
    QVERIFY2(!audit.out.contains("sdkfinance"), audit.out.constData());
}

void TestSdkFinanceCli::usageErrors()
{
    const QString user = SdkFinanceEmulator::userId(4);
    // No field, no reason, missing request id, unknown verb, bad page.
    QCOMPARE(cli({QStringLiteral("sdkfinance"), QStringLiteral("reset"), user, QStringLiteral("--reason"),
                  QStringLiteral("x")},
                 QStringLiteral("olivia"))
                 .code,
             2);
    QCOMPARE(cli({QStringLiteral("sdkfinance"), QStringLiteral("reset"), user, QStringLiteral("--field"),
                  QStringLiteral("address.city")},
                 QStringLiteral("olivia"))
                 .code,
             2);
    QCOMPARE(cli({QStringLiteral("sdkfinance"), QStringLiteral("approve"), user, QStringLiteral("--reason"),
                  QStringLiteral("x")},
                 QStringLiteral("sam"))
                 .code,
             2);
    QCOMPARE(cli({QStringLiteral("sdkfinance"), QStringLiteral("bless"), user}).code, 2);
    QCOMPARE(cli({QStringLiteral("sdkfinance"), QStringLiteral("requests"), QStringLiteral("--page"),
                  QStringLiteral("0")})
                 .code,
             2);
    QCOMPARE(cli({QStringLiteral("sdkfinance"), QStringLiteral("requests"), QStringLiteral("--limit"),
                  QStringLiteral("1001")})
                 .code,
             2);
    QCOMPARE(m_sandbox->requestLog().size(), 0);
}

void TestSdkFinanceCli::requestsAsJson()
{
    // Reading needs a signed-in operator too (any role).
    const Run r = cli({QStringLiteral("--json"), QStringLiteral("sdkfinance"), QStringLiteral("requests"),
                       QStringLiteral("--limit"), QStringLiteral("5")},
                      QStringLiteral("olivia"));
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonObject doc = r.json();
    const QList<SdkFinanceResetRequest> expected = pendingNow();
    QCOMPARE(doc.value(QStringLiteral("status")).toString(), QStringLiteral("PENDING"));
    QCOMPARE(doc.value(QStringLiteral("page")).toInt(), 1);
    QCOMPARE(doc.value(QStringLiteral("total_records")).toInt(), int(expected.size()));
    QCOMPARE(doc.value(QStringLiteral("total_pages")).toInt(), int((expected.size() + 4) / 5));
    const QJsonArray list = doc.value(QStringLiteral("requests")).toArray();
    QCOMPARE(list.size(), 5);
    for (int i = 0; i < 5; ++i) {
        const QJsonObject o = list.at(i).toObject();
        QCOMPARE(o.value(QStringLiteral("id")).toString(), expected.at(i).id);
        QCOMPARE(o.value(QStringLiteral("user_id")).toString(),
                 SdkFinanceEmulator::userId(expected.at(i).populationId));
        QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("PENDING"));
        QCOMPARE(QDateTime::fromString(o.value(QStringLiteral("created_at")).toString(), Qt::ISODateWithMs),
                 expected.at(i).createdAt);
        QVERIFY(o.contains(QStringLiteral("comment")));
        QVERIFY(!o.value(QStringLiteral("user_name")).toString().isEmpty());
    }
    // One login, one listing.
    QCOMPARE(requestsTo(QStringLiteral("/authorization")), 1);
    QCOMPARE(requestsTo(QStringLiteral("/view-reset-identification-requests")), 1);
}

void TestSdkFinanceCli::requestsAsTextWithStatusAndPage()
{
    const Run r = cli({QStringLiteral("sdkfinance"), QStringLiteral("requests"), QStringLiteral("--status"),
                       QStringLiteral("declined"), QStringLiteral("--page"), QStringLiteral("2"),
                       QStringLiteral("--limit"), QStringLiteral("2")},
                      QStringLiteral("olivia"));
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY(r.out.startsWith("REQUEST"));
    QVERIFY(r.out.contains("Page 2 of"));
    QVERIFY(r.out.contains("with status DECLINED"));
    const QJsonObject body = QJsonDocument::fromJson(m_sandbox->requestLog().constLast().body).object();
    QCOMPARE(body.value(QStringLiteral("pageNumber")).toInt(), 1); // the API counts from 0
    QCOMPARE(body.value(QStringLiteral("pageSize")).toInt(), 2);
    QCOMPARE(body.value(QStringLiteral("filter")).toObject().value(QStringLiteral("status")).toString(),
             QStringLiteral("DECLINED"));
}

void TestSdkFinanceCli::approveIsForSupervisors()
{
    const SdkFinanceResetRequest p = pendingNow().at(0);
    const Run r = cli({QStringLiteral("sdkfinance"), QStringLiteral("approve"),
                       SdkFinanceEmulator::userId(p.populationId), p.id, QStringLiteral("--reason"),
                       QStringLiteral("Looks fine")},
                      QStringLiteral("olivia"));
    QCOMPARE(r.code, 7);
    QVERIFY2(r.err.contains("supervisor"), r.err.constData());
    QCOMPARE(requestsTo(QStringLiteral("/approve")), 0);
}

void TestSdkFinanceCli::decidingTwiceExitsThreeWithTheServersMessage()
{
    const SdkFinanceResetRequest p = pendingNow().at(0);
    const QString user = SdkFinanceEmulator::userId(p.populationId);
    Run r = cli({QStringLiteral("--json"), QStringLiteral("sdkfinance"), QStringLiteral("approve"), user,
                 p.id, QStringLiteral("--reason"), QStringLiteral("Documents checked")},
                QStringLiteral("sam"));
    QVERIFY2(r.code == 0, r.err.constData());
    m_decided.insert(p.id);
    QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(r.json().value(QStringLiteral("requires_approval")).toBool(), false);
    QCOMPARE(requestsTo(QStringLiteral("/approve")), 1);

    r = cli({QStringLiteral("sdkfinance"), QStringLiteral("decline"), user, p.id, QStringLiteral("--reason"),
             QStringLiteral("Second thoughts")},
            QStringLiteral("sara"));
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("was already approved"), r.err.constData());
    QCOMPARE(requestsTo(QStringLiteral("/decline")), 1);
}

void TestSdkFinanceCli::resetWaitsForApprovalThenIsSent()
{
    const QString user = SdkFinanceEmulator::userId(17);
    Run r = cli({QStringLiteral("--json"), QStringLiteral("sdkfinance"), QStringLiteral("reset"), user,
                 QStringLiteral("--field"), QStringLiteral("person.namePlain.first"),
                 QStringLiteral("--field"), QStringLiteral("person.nameIntl.first"),
                 QStringLiteral("--reason"), QStringLiteral("Name changed")},
                QStringLiteral("olivia"));
    QCOMPARE(r.code, 5);
    const qint64 id = qint64(r.json().value(QStringLiteral("id")).toDouble());
    QVERIFY(id > 0);
    QCOMPARE(r.json().value(QStringLiteral("params")).toObject().value(QStringLiteral("fields")).toArray(),
             (QJsonArray{QStringLiteral("person.namePlain.first"), QStringLiteral("person.nameIntl.first")}));
    QCOMPARE(requestsTo(QStringLiteral("/reset")), 0);

    r = cli({QStringLiteral("approvals"), QStringLiteral("approve"), QString::number(id),
             QStringLiteral("--reason"), QStringLiteral("Marriage certificate seen")},
            QStringLiteral("sam"));
    QVERIFY2(r.code == 0, r.err.constData());
    QCOMPARE(requestsTo(QStringLiteral("/reset")), 1);
    QCOMPARE(QJsonDocument::fromJson(m_sandbox->requestLog().constLast().body).object(),
             (QJsonObject{{QStringLiteral("fields"), QJsonArray{QStringLiteral("person.namePlain.first"),
                                                                QStringLiteral("person.nameIntl.first")}}}));
}

void TestSdkFinanceCli::loginWithoutThePermissionExitsSeven()
{
    const Run r = cli({QStringLiteral("sdkfinance"), QStringLiteral("reset"), SdkFinanceEmulator::userId(8),
                       QStringLiteral("--field"), QStringLiteral("address.city"), QStringLiteral("--reason"),
                       QStringLiteral("Moved")},
                      QStringLiteral("olivia"), m_restrictedProfile);
    QCOMPARE(r.code, 7);
    QVERIFY2(r.err.contains("RESET_IDENTIFICATION_INITIATOR"), r.err.constData());
    QCOMPARE(requestsTo(QStringLiteral("/authorization")), 1);
    QCOMPARE(requestsTo(QStringLiteral("/reset")), 0);
    // Listing needs no such permission.
    QCOMPARE(cli({QStringLiteral("sdkfinance"), QStringLiteral("requests")}, QStringLiteral("olivia"),
                 m_restrictedProfile)
                 .code,
             0);
}

QTEST_GUILESS_MAIN(TestSdkFinanceCli)
#include "tst_sdkfinance_cli.moc"
