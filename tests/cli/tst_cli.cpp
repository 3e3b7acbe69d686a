// SPDX-License-Identifier: GPL-3.0-or-later
// identitydesk-cli as an operator or a script runs it (docs/architecture.md section 6): real processes, a
// real sandbox over TLS, exit codes and output checked. The users that must be found are computed from the
// sandbox's deterministic population (same size and seed), not read back from the CLI. Reading provider data
// needs a signed-in operator: every run signs in as one, created in the default (per-user, here temporary)
// SQLite store.

#include "Population.h"
#include "trustswiftly/TrustSwiftlyEmulator.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <functional>
#include <memory>

namespace {
constexpr quint32 kUsers = 500;
constexpr quint64 kSeed = 1;
const QString kOperator = QStringLiteral("cli-tester");
const QString kPassword = QStringLiteral("correct-horse-battery");

struct Run
{
    int exitCode = -1;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    QByteArray out;
    QByteArray err;
};
} // namespace

class tst_Cli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void searchJson();
    void searchHuman();
    void searchPagesUpToTheLimit();
    void searchSdkFinance();
    void profileFromEnvironment();
    void version();
    void help();
    void noCommandIsUsageError();
    void badLimitIsUsageError();
    void missingProfileIsUsageError();
    void groupReadableProfileIsRefused();
    void closedPortIsNetworkError();
    void missingCaIsTlsError();
    void wrongApiKeyIsRejected();
    void searchNeedsASignedInOperator();

private:
    Run cli(const QStringList& arguments, const QProcessEnvironment& extra = {}) const;
    QString profileVariant(const QString& name, const std::function<void(QJsonObject&)>& change,
                           QFile::Permissions permissions = QFile::ReadOwner | QFile::WriteOwner) const;
    QString describe(const Run& run) const;

    QTemporaryDir m_dir;
    QProcess m_sandbox;
    QString m_profile;
    quint16 m_port = 0;
    std::unique_ptr<Population> m_population;
    QString m_name; ///< a last name that exists in the sandbox
};

void tst_Cli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(QFileInfo(QStringLiteral(IDENTITYDESK_CLI_EXECUTABLE)).isExecutable());
    m_profile = m_dir.filePath(QStringLiteral("profile.json"));

    m_sandbox.setStandardErrorFile(m_dir.filePath(QStringLiteral("sandbox.log")));
    m_sandbox.start(QStringLiteral(IDENTITYDESK_SANDBOX_EXECUTABLE),
                    {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--write-profile"),
                     m_profile, QStringLiteral("--users"), QString::number(kUsers), QStringLiteral("--seed"),
                     QString::number(kSeed)});
    QVERIFY2(m_sandbox.waitForStarted(10000), qPrintable(m_sandbox.errorString()));

    static const QRegularExpression listening(QStringLiteral("listening on https://127\\.0\\.0\\.1:(\\d+)"));
    QByteArray output;
    const auto listeningLine = [&] {
        output += m_sandbox.readAllStandardOutput();
        return listening.match(QString::fromUtf8(output));
    };
    QTRY_VERIFY_WITH_TIMEOUT(listeningLine().hasMatch() || m_sandbox.state() == QProcess::NotRunning, 20000);
    const QRegularExpressionMatch match = listeningLine();
    QVERIFY2(match.hasMatch(), output.constData());
    m_port = quint16(match.captured(1).toUInt());
    QVERIFY(m_port > 0);

    QFileInfo profile(m_profile);
    QVERIFY(profile.exists());
    QCOMPARE(profile.permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
    QFile file(m_profile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QUrl baseUrl(QJsonDocument::fromJson(file.readAll())
                           .object()
                           .value(QLatin1String("trustswiftly"))
                           .toObject()
                           .value(QLatin1String("base_url"))
                           .toString());
    QCOMPARE(baseUrl.port(), int(m_port)); // the profile points at the port announced

    // The operator every run signs in as: the first of an empty store needs no sign-in and is a supervisor.
    QProcessEnvironment newOperator;
    newOperator.insert(QStringLiteral("IDENTITYDESK_NEW_PASSWORD"), kPassword);
    newOperator.insert(QStringLiteral("IDENTITYDESK_OPERATOR"), QString());
    const Run added = cli({QStringLiteral("operators"), QStringLiteral("add"), kOperator,
                           QStringLiteral("--role"), QStringLiteral("supervisor")},
                          newOperator);
    QVERIFY2(added.exitCode == 0, qPrintable(describe(added)));

    m_population = std::make_unique<Population>(kUsers, kSeed, TrustSwiftlyEmulator::onboardingWorkflowIds());
    m_name = m_population->user(1).lastName;
    QVERIFY(m_population->search(m_name, 0, 0).total >= 1);
}

void tst_Cli::cleanupTestCase()
{
    if (m_sandbox.state() == QProcess::NotRunning)
        return;
    m_sandbox.terminate(); // SIGTERM: the sandbox stops cleanly
    QVERIFY(m_sandbox.waitForFinished(10000));
    QCOMPARE(m_sandbox.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_sandbox.exitCode(), 0);
}

Run tst_Cli::cli(const QStringList& arguments, const QProcessEnvironment& extra) const
{
    // A clean environment: no profile or key leaks in from the machine running the tests.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& key : env.keys())
        if (key.startsWith(QLatin1String("IDENTITYDESK_")))
            env.remove(key);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data"))); // no store in $HOME
    env.insert(QStringLiteral("IDENTITYDESK_OPERATOR"), kOperator);
    env.insert(QStringLiteral("IDENTITYDESK_PASSWORD"), kPassword);
    for (const QString& key : extra.keys())
        env.insert(key, extra.value(key));

    QProcess process;
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(IDENTITYDESK_CLI_EXECUTABLE), arguments);
    Run run;
    if (!process.waitForStarted(10000) || !process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        run.err = "did not finish: " + process.errorString().toUtf8();
        return run;
    }
    run.exitCode = process.exitCode();
    run.exitStatus = process.exitStatus();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QString tst_Cli::describe(const Run& run) const
{
    return QStringLiteral("exit %1\n--- stdout ---\n%2\n--- stderr ---\n%3")
        .arg(run.exitCode)
        .arg(QString::fromUtf8(run.out), QString::fromUtf8(run.err));
}

QString tst_Cli::profileVariant(const QString& name, const std::function<void(QJsonObject&)>& change,
                                QFile::Permissions permissions) const
{
    QFile original(m_profile);
    if (!original.open(QIODevice::ReadOnly))
        return QString();
    QJsonObject profile = QJsonDocument::fromJson(original.readAll()).object();
    change(profile);
    // Next to the original, so that a relative ca_file still resolves.
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return QString();
    file.write(QJsonDocument(profile).toJson());
    file.close();
    if (!file.setPermissions(permissions))
        return QString();
    return path;
}

void tst_Cli::searchJson()
{
    const Run run =
        cli({QStringLiteral("--profile"), m_profile, QStringLiteral("--json"), QStringLiteral("users"),
             QStringLiteral("search"), m_name, QStringLiteral("--provider"), QStringLiteral("trustswiftly"),
             QStringLiteral("--limit"), QStringLiteral("5")});
    QVERIFY2(run.exitCode == 0 && run.exitStatus == QProcess::NormalExit, qPrintable(describe(run)));

    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(run.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError,
             qPrintable(describe(run))); // one document, nothing else
    QVERIFY(doc.isObject());
    const QJsonObject o = doc.object();
    const QJsonArray users = o.value(QLatin1String("users")).toArray();

    const Population::SearchResult expected = m_population->search(m_name, 0, 5);
    QVERIFY(users.size() <= 5);
    QCOMPARE(users.size(), qsizetype(expected.ids.size()));
    QCOMPARE(o.value(QLatin1String("count")).toInt(), int(users.size()));
    QCOMPARE(o.value(QLatin1String("total")).toInteger(), qint64(expected.total));
    QCOMPARE(o.value(QLatin1String("query")).toString(), m_name);
    for (qsizetype i = 0; i < users.size(); ++i) {
        const QJsonObject u = users.at(i).toObject();
        const QString haystack = u.value(QLatin1String("first_name")).toString() + QLatin1Char(' ') +
                                 u.value(QLatin1String("last_name")).toString() + QLatin1Char(' ') +
                                 u.value(QLatin1String("email")).toString() + QLatin1Char(' ') +
                                 u.value(QLatin1String("reference_id")).toString();
        QVERIFY2(haystack.contains(m_name, Qt::CaseInsensitive), qPrintable(haystack));
        QCOMPARE(u.value(QLatin1String("provider")).toString(), QStringLiteral("trustswiftly"));
        QCOMPARE(u.value(QLatin1String("id")).toString(), QString::number(expected.ids.at(size_t(i))));
        QCOMPARE(u.value(QLatin1String("email")).toString(),
                 m_population->user(expected.ids.at(size_t(i))).email);
    }
}

void tst_Cli::searchHuman()
{
    const Run run = cli({QStringLiteral("--profile"), m_profile, QStringLiteral("users"),
                         QStringLiteral("search"), m_name, QStringLiteral("--provider"),
                         QStringLiteral("trustswiftly"), QStringLiteral("--limit"), QStringLiteral("5")});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QString out = QString::fromUtf8(run.out);
    QVERIFY2(!out.trimmed().startsWith(QLatin1Char('{')), qPrintable(out)); // text, not JSON
    const Population::SearchResult expected = m_population->search(m_name, 0, 5);
    QVERIFY(!expected.ids.empty());
    for (quint32 id : expected.ids) {
        const PopulationUser user = m_population->user(id);
        QVERIFY2(out.contains(user.email), qPrintable(out));
        QVERIFY2(out.contains(user.lastName), qPrintable(out));
    }
    QVERIFY2(out.contains(QString::number(expected.total)), qPrintable(out)); // the number of matches
}

void tst_Cli::searchPagesUpToTheLimit()
{
    // More than one provider page (at most 100 each): the CLI pages until the limit.
    const QString everyone = QStringLiteral("example.com");
    const Run run =
        cli({QStringLiteral("--profile"), m_profile, QStringLiteral("--json"), QStringLiteral("users"),
             QStringLiteral("search"), everyone, QStringLiteral("--provider"), QStringLiteral("trustswiftly"),
             QStringLiteral("--limit"), QStringLiteral("130")});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QJsonObject o = QJsonDocument::fromJson(run.out).object();
    const QJsonArray users = o.value(QLatin1String("users")).toArray();
    const Population::SearchResult expected = m_population->search(everyone, 0, 130);
    QCOMPARE(users.size(), qsizetype(130));
    QCOMPARE(o.value(QLatin1String("total")).toInteger(), qint64(kUsers));
    QStringList ids;
    for (const QJsonValue& u : users)
        ids << u.toObject().value(QLatin1String("id")).toString();
    QStringList expectedIds;
    for (quint32 id : expected.ids)
        expectedIds << QString::number(id);
    QCOMPARE(ids, expectedIds); // no gap and no repeat at the page boundary
}

void tst_Cli::searchSdkFinance()
{
    // docs/architecture.md section 3's profile search (POST /profiles/view), as the window's federated search
    // has it.
    const Run run =
        cli({QStringLiteral("--profile"), m_profile, QStringLiteral("--json"), QStringLiteral("users"),
             QStringLiteral("search"), m_name, QStringLiteral("--provider"), QStringLiteral("sdkfinance"),
             QStringLiteral("--limit"), QStringLiteral("5")});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QJsonArray users =
        QJsonDocument::fromJson(run.out).object().value(QLatin1String("users")).toArray();
    QVERIFY2(!users.isEmpty() && users.size() <= 5, qPrintable(describe(run)));
    for (const QJsonValue& v : users) {
        const QJsonObject u = v.toObject();
        QCOMPARE(u.value(QLatin1String("provider")).toString(), QStringLiteral("sdkfinance"));
        const QString haystack = u.value(QLatin1String("first_name")).toString() + QLatin1Char(' ') +
                                 u.value(QLatin1String("last_name")).toString() + QLatin1Char(' ') +
                                 u.value(QLatin1String("email")).toString();
        QVERIFY2(haystack.contains(m_name, Qt::CaseInsensitive), qPrintable(haystack));
    }
    // The human table fits SDK.Finance's long ids.
    const Run human = cli({QStringLiteral("--profile"), m_profile, QStringLiteral("users"),
                           QStringLiteral("search"), m_name, QStringLiteral("--provider"),
                           QStringLiteral("sdkfinance"), QStringLiteral("--limit"), QStringLiteral("1")});
    QVERIFY2(human.exitCode == 0, qPrintable(describe(human)));
    const QString id = users.at(0).toObject().value(QLatin1String("id")).toString();
    QVERIFY2(QString::fromUtf8(human.out).contains(id + QLatin1Char(' ')), qPrintable(describe(human)));

    const Run unknown =
        cli({QStringLiteral("--profile"), m_profile, QStringLiteral("users"), QStringLiteral("search"),
             m_name, QStringLiteral("--provider"), QStringLiteral("smartid")});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains("sdkfinance"), qPrintable(describe(unknown)));
    const Run status = cli({QStringLiteral("--profile"), m_profile, QStringLiteral("sdkfinance"),
                            QStringLiteral("requests"), QStringLiteral("--status"), QStringLiteral("BOGUS")});
    QCOMPARE(status.exitCode, 2);
    QVERIFY2(status.err.contains("PENDING"), qPrintable(describe(status)));
}

void tst_Cli::profileFromEnvironment()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("IDENTITYDESK_PROFILE"), m_profile);
    const Run run = cli({QStringLiteral("--json"), QStringLiteral("users"), QStringLiteral("search"), m_name,
                         QStringLiteral("--provider"), QStringLiteral("trustswiftly"),
                         QStringLiteral("--limit"), QStringLiteral("1")},
                        env);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(QJsonDocument::fromJson(run.out).object().value(QLatin1String("count")).toInt(), 1);
}

void tst_Cli::version()
{
    const Run run = cli({QStringLiteral("--version")});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QCOMPARE(run.out.trimmed(), QByteArray("identitydesk-cli " IDENTITYDESK_EXPECTED_VERSION));
}

void tst_Cli::help()
{
    const Run run = cli({QStringLiteral("--help")});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY2(run.out.contains("Usage: identitydesk-cli"), run.out.constData());
    QVERIFY2(run.out.contains("users search"), run.out.constData());
    QVERIFY(run.err.isEmpty());
}

void tst_Cli::noCommandIsUsageError()
{
    const Run run = cli({});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("Usage: identitydesk-cli"), qPrintable(describe(run)));
    QVERIFY(run.out.isEmpty()); // a script reading stdout gets nothing half-done
}

void tst_Cli::badLimitIsUsageError()
{
    const Run run = cli({QStringLiteral("--profile"), m_profile, QStringLiteral("users"),
                         QStringLiteral("search"), m_name, QStringLiteral("--provider"),
                         QStringLiteral("trustswiftly"), QStringLiteral("--limit"), QStringLiteral("0")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("--limit"), qPrintable(describe(run)));
}

void tst_Cli::missingProfileIsUsageError()
{
    const QString path = m_dir.filePath(QStringLiteral("no-such-profile.json"));
    const Run run = cli({QStringLiteral("--profile"), path, QStringLiteral("users"), QStringLiteral("search"),
                         m_name, QStringLiteral("--provider"), QStringLiteral("trustswiftly")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(QString::fromUtf8(run.err).contains(path), qPrintable(describe(run)));
    QVERIFY(run.out.isEmpty());
}

void tst_Cli::groupReadableProfileIsRefused()
{
    const QString path = profileVariant(
        QStringLiteral("open-profile.json"), [](QJsonObject&) {},
        QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    QVERIFY(!path.isEmpty());
    const Run run = cli({QStringLiteral("--profile"), path, QStringLiteral("users"), QStringLiteral("search"),
                         m_name, QStringLiteral("--provider"), QStringLiteral("trustswiftly")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("chmod"), qPrintable(describe(run)));
    QVERIFY2(QString::fromUtf8(run.err).contains(path), qPrintable(describe(run)));
}

void tst_Cli::closedPortIsNetworkError()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 closedPort = probe.serverPort();
    probe.close();
    const QString path = profileVariant(QStringLiteral("closed-port.json"), [closedPort](QJsonObject& p) {
        QJsonObject ts = p.value(QLatin1String("trustswiftly")).toObject();
        ts.insert(QStringLiteral("base_url"),
                  QStringLiteral("https://127.0.0.1:%1/trustswiftly").arg(closedPort));
        p.insert(QStringLiteral("trustswiftly"), ts);
    });
    QVERIFY(!path.isEmpty());
    const Run run =
        cli({QStringLiteral("--profile"), path, QStringLiteral("--json"), QStringLiteral("users"),
             QStringLiteral("search"), m_name, QStringLiteral("--provider"), QStringLiteral("trustswiftly")});
    QCOMPARE(run.exitCode, 4);
    QVERIFY2(run.err.contains("Trust Swiftly"), qPrintable(describe(run)));
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(err.contains(QStringLiteral("network"), Qt::CaseInsensitive) ||
                 err.contains(QStringLiteral("refused"), Qt::CaseInsensitive),
             qPrintable(describe(run)));
    // With --json the failure is one document on stdout too (README: every command prints one).
    const QJsonObject doc = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(doc.value(QStringLiteral("exit_code")).toInt(), 4);
    QVERIFY2(doc.value(QStringLiteral("message")).toString().contains(QStringLiteral("Trust Swiftly")),
             qPrintable(describe(run)));
}

void tst_Cli::missingCaIsTlsError()
{
    const QString path = profileVariant(QStringLiteral("no-ca.json"),
                                        [](QJsonObject& p) { p.remove(QStringLiteral("ca_file")); });
    QVERIFY(!path.isEmpty());
    const Run run = cli({QStringLiteral("--profile"), path, QStringLiteral("users"), QStringLiteral("search"),
                         m_name, QStringLiteral("--provider"), QStringLiteral("trustswiftly")});
    QCOMPARE(run.exitCode, 4);
    QVERIFY2(run.err.contains("certificate"), qPrintable(describe(run)));
    QVERIFY(run.out.isEmpty());
}

void tst_Cli::wrongApiKeyIsRejected()
{
    const QString path = profileVariant(QStringLiteral("wrong-key.json"), [](QJsonObject& p) {
        QJsonObject ts = p.value(QLatin1String("trustswiftly")).toObject();
        ts.insert(QStringLiteral("api_key"), QStringLiteral("not-the-key"));
        p.insert(QStringLiteral("trustswiftly"), ts);
    });
    QVERIFY(!path.isEmpty());
    const Run run = cli({QStringLiteral("--profile"), path, QStringLiteral("users"), QStringLiteral("search"),
                         m_name, QStringLiteral("--provider"), QStringLiteral("trustswiftly")});
    QCOMPARE(run.exitCode, 3); // rejected by the provider
    QVERIFY2(run.err.contains("401"), qPrintable(describe(run)));
    QVERIFY2(!run.err.contains("not-the-key"), qPrintable(describe(run))); // secrets never echoed
}

void tst_Cli::searchNeedsASignedInOperator()
{
    // The console knows who looks at whom: a wrong password reads nothing, in the words a change gets.
    QProcessEnvironment wrong;
    wrong.insert(QStringLiteral("IDENTITYDESK_PASSWORD"), QStringLiteral("not-the-password"));
    Run run = cli({QStringLiteral("--profile"), m_profile, QStringLiteral("users"), QStringLiteral("search"),
                   m_name, QStringLiteral("--provider"), QStringLiteral("trustswiftly")},
                  wrong);
    QCOMPARE(run.exitCode, 7);
    QVERIFY2(run.err.contains("Unknown operator or wrong password."), qPrintable(describe(run)));
    QVERIFY(run.out.isEmpty());
    QProcessEnvironment nobody;
    nobody.insert(QStringLiteral("IDENTITYDESK_OPERATOR"), QString());
    run = cli({QStringLiteral("--profile"), m_profile, QStringLiteral("users"), QStringLiteral("search"),
               m_name, QStringLiteral("--provider"), QStringLiteral("trustswiftly")},
              nobody);
    QCOMPARE(run.exitCode, 7);
    QVERIFY2(run.err.contains("--operator NAME"), qPrintable(describe(run)));
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
