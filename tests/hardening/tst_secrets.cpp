// SPDX-License-Identifier: GPL-3.0-or-later
// Secrets never leave the profile (docs/architecture.md section 2: "Secrets never reach logs, the audit log,
// crash output or settings files"). A whole CLI session — operators, sign-ins, a search, actions at each of
// the four providers (with four-eyes approvals), a provider error, audit list/verify/export — runs against
// the sandbox with distinctive secrets in the profile and distinctive operator passwords, with Qt's debug
// logging switched on. Then every byte written is searched for every secret (as is, base64, percent-encoded):
// stdout and stderr of every run, the audit CSV, the store file (with its -wal/-journal), and every file
// under the runs' HOME / XDG folders (settings, caches). The SDK.Finance bearer tokens the sandbox handed out
// are searched for too.

#include "SandboxServer.h"
#include "sdkfinance/SdkFinanceEmulator.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {
const QString kSupervisorPassword = QStringLiteral("Op-Pass-Sup-51f0c3d2e8");
const QString kOfficerPassword = QStringLiteral("Op-Pass-Off-9a7be40c13");

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    QByteArray describe() const { return "exit " + QByteArray::number(code) + "\n" + out + "\n" + err; }
};
} // namespace

class tst_Secrets : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void fullSessionLeaksNoSecret();

private:
    Run cli(const QStringList& args, const QString& operatorName, const QString& password,
            const QString& newPassword = QString());
    QStringList secrets() const;

    QTemporaryDir m_dir;
    std::unique_ptr<SandboxServer> m_sandbox;
    QString m_profile;
    QString m_home;
    QString m_store;
    QByteArray m_allOutput;
};

void tst_Secrets::initTestCase()
{
    QVERIFY(m_dir.isValid());
    SandboxServer::Options options;
    options.users = 400; // enough for pending SDK.Finance reset requests
    options.trustSwiftlyApiKey = QStringLiteral("ts-Secret-4e1d7a90b2c6");
    options.smileIdApiKey = QStringLiteral("smile-Secret-0b8c2f6e9d13");
    options.smartIdApiKey = QStringLiteral("smartid-Secret-7c3e5a1f08b4");
    options.sdkFinancePassword = QStringLiteral("sdkf-Secret-2d9f4b6a7e05");
    m_sandbox = std::make_unique<SandboxServer>(options);
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    m_profile = m_dir.filePath(QStringLiteral("profile/profile.json"));
    QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("profile"))));
    QVERIFY2(m_sandbox->writeProfile(m_profile, &error), qPrintable(error));
    m_home = m_dir.filePath(QStringLiteral("home"));
    QVERIFY(QDir().mkpath(m_home));
    m_store = m_dir.filePath(QStringLiteral("data/store.sqlite"));
    QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("data"))));
}

QStringList tst_Secrets::secrets() const
{
    const SandboxOptions& o = m_sandbox->options();
    QStringList list{o.trustSwiftlyApiKey, o.smileIdApiKey,     o.smartIdApiKey,
                     o.sdkFinancePassword, kSupervisorPassword, kOfficerPassword};
    // The bearer tokens SDK.Finance handed out during the session are secrets too.
    for (const RecordedRequest& r : m_sandbox->requestLog()) {
        const QByteArray auth = r.header("Authorization");
        if (r.provider == QLatin1String("sdkfinance") && auth.startsWith("Bearer "))
            list << QString::fromLatin1(auth.mid(7));
    }
    list.removeDuplicates();
    return list;
}

Run tst_Secrets::cli(const QStringList& args, const QString& operatorName, const QString& password,
                     const QString& newPassword)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Every place a Qt program may write settings, caches or logs is inside m_home.
    env.insert(QStringLiteral("HOME"), m_home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home + QStringLiteral("/.config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home + QStringLiteral("/.local/share"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home + QStringLiteral("/.cache"));
    env.insert(QStringLiteral("XDG_STATE_HOME"), m_home + QStringLiteral("/.local/state"));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_home + QStringLiteral("/run"));
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true"));
    env.remove(QStringLiteral("IDENTITYDESK_TRUSTSWIFTLY_API_KEY"));
    env.insert(QStringLiteral("IDENTITYDESK_PASSWORD"), password);
    if (!newPassword.isEmpty())
        env.insert(QStringLiteral("IDENTITYDESK_NEW_PASSWORD"), newPassword);
    p.setProcessEnvironment(env);
    QStringList all{QStringLiteral("--profile"), m_profile, QStringLiteral("--store"),
                    QStringLiteral("sqlite:") + m_store};
    if (!operatorName.isEmpty())
        all << QStringLiteral("--operator") << operatorName;
    p.setStandardInputFile(QProcess::nullDevice());
    p.start(QStringLiteral(CLI_PATH), all + args);
    QDeadlineTimer deadline(60000);
    while (p.state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(20); // the sandbox runs in this process
    Run r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    m_allOutput += r.out + '\n' + r.err + '\n';
    return r;
}

void tst_Secrets::fullSessionLeaksNoSecret()
{
    QDir(m_home).mkpath(QStringLiteral("run"));
    QFile::setPermissions(m_home + QStringLiteral("/run"),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    const QString sup = QStringLiteral("sally");
    const QString off = QStringLiteral("otto");
    Run r = cli({QStringLiteral("operators"), QStringLiteral("add"), sup, QStringLiteral("--role"),
                 QStringLiteral("supervisor")},
                QString(), QString(), kSupervisorPassword);
    QVERIFY2(r.code == 0, r.describe());
    r = cli({QStringLiteral("operators"), QStringLiteral("add"), off, QStringLiteral("--role"),
             QStringLiteral("officer")},
            sup, kSupervisorPassword, kOfficerPassword);
    QVERIFY2(r.code == 0, r.describe());
    // A wrong password is refused (and must not be echoed either).
    r = cli({QStringLiteral("operators"), QStringLiteral("list")}, off, kSupervisorPassword);
    QVERIFY2(r.code != 0, r.describe());

    Population& people = m_sandbox->population();
    r = cli({QStringLiteral("users"), QStringLiteral("search"), people.user(3).lastName}, off,
            kOfficerPassword);
    QVERIFY2(r.code == 0, r.describe());

    const auto approve = [&](const Run& waiting) {
        QVERIFY2(waiting.code == 5, waiting.describe());
        const qint64 id = qint64(waiting.json().value(QStringLiteral("id")).toDouble());
        const Run a = cli({QStringLiteral("approvals"), QStringLiteral("approve"), QString::number(id)}, sup,
                          kSupervisorPassword);
        QVERIFY2(a.code == 0, a.describe());
    };

    // Smile ID: one flag sent at once, one that needs the supervisor.
    r = cli({QStringLiteral("smileid"), QStringLiteral("flag"), people.user(4).referenceId,
             QStringLiteral("--active"), QStringLiteral("false"), QStringLiteral("--reason"),
             QStringLiteral("Closed")},
            off, kOfficerPassword);
    QVERIFY2(r.code == 0, r.describe());
    approve(cli({QStringLiteral("--json"), QStringLiteral("smileid"), QStringLiteral("flag"),
                 people.user(5).referenceId, QStringLiteral("--fraudulent"), QStringLiteral("true"),
                 QStringLiteral("--reason"), QStringLiteral("Chargebacks")},
                off, kOfficerPassword));
    // Trust Swiftly: workflows, then a re-verification.
    r = cli({QStringLiteral("trustswiftly"), QStringLiteral("workflows")}, off, kOfficerPassword);
    QVERIFY2(r.code == 0, r.describe());
    r = cli({QStringLiteral("trustswiftly"), QStringLiteral("reverify"), QString::number(people.user(6).id),
             QStringLiteral("--from"), people.user(6).currentWorkflowId, QStringLiteral("--to"),
             QStringLiteral("flow_Mjk"), QStringLiteral("--reason"), QStringLiteral("Document expired")},
            off, kOfficerPassword);
    QVERIFY2(r.code == 0, r.describe());
    // An error answer from a provider: an unknown user.
    r = cli({QStringLiteral("trustswiftly"), QStringLiteral("reverify"), QStringLiteral("424242"),
             QStringLiteral("--from"), QStringLiteral("flow_MzA"), QStringLiteral("--to"),
             QStringLiteral("flow_Mjk"), QStringLiteral("--reason"), QStringLiteral("Check")},
            off, kOfficerPassword);
    QVERIFY2(r.code == 3, r.describe());
    // SmartID: un-enroll needs the supervisor.
    approve(cli({QStringLiteral("--json"), QStringLiteral("smartid"), QStringLiteral("unenroll"),
                 people.user(7).email, QStringLiteral("--reason"), QStringLiteral("Lost device")},
                off, kOfficerPassword));
    // SDK.Finance: log in, list the pending requests, reset (approved), decide a request.
    r = cli({QStringLiteral("--json"), QStringLiteral("sdkfinance"), QStringLiteral("requests")}, sup,
            kSupervisorPassword);
    QVERIFY2(r.code == 0, r.describe());
    const QJsonObject request = r.json().value(QStringLiteral("requests")).toArray().first().toObject();
    QVERIFY2(!request.isEmpty(), r.describe());
    approve(cli({QStringLiteral("--json"), QStringLiteral("sdkfinance"), QStringLiteral("reset"),
                 SdkFinanceEmulator::userId(9), QStringLiteral("--field"), QStringLiteral("address.city"),
                 QStringLiteral("--reason"), QStringLiteral("Moved")},
                off, kOfficerPassword));
    r = cli({QStringLiteral("sdkfinance"), QStringLiteral("approve"),
             request.value(QStringLiteral("user_id")).toString(),
             request.value(QStringLiteral("id")).toString(), QStringLiteral("--reason"),
             QStringLiteral("Checked")},
            sup, kSupervisorPassword);
    QVERIFY2(r.code == 0, r.describe());
    // The audit log: list, verify, export.
    r = cli({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("list")}, sup,
            kSupervisorPassword);
    QVERIFY2(r.code == 0, r.describe());
    r = cli({QStringLiteral("audit"), QStringLiteral("verify")}, sup, kSupervisorPassword);
    QVERIFY2(r.code == 0, r.describe());
    const QString csv = m_dir.filePath(QStringLiteral("export/audit.csv"));
    QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("export"))));
    r = cli({QStringLiteral("audit"), QStringLiteral("export"), csv}, sup, kSupervisorPassword);
    QVERIFY2(r.code == 0, r.describe());

    // The session really used every secret: each provider answered an authenticated request.
    QStringList providersSeen;
    for (const RecordedRequest& req : m_sandbox->requestLog())
        if (req.status >= 200 && req.status < 300)
            providersSeen << req.provider;
    for (const char* provider : {"smileid", "trustswiftly", "smartid", "sdkfinance"})
        QVERIFY2(providersSeen.contains(QLatin1String(provider)), provider);

    // Everything written: outputs, the export, the store, every file under HOME.
    QList<QPair<QString, QByteArray>> written{{QStringLiteral("stdout/stderr of every run"), m_allOutput}};
    const auto addFile = [&written](const QString& path) {
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            written.append({path, f.readAll()});
    };
    addFile(csv);
    for (const QString& suffix :
         {QString(), QStringLiteral("-wal"), QStringLiteral("-journal"), QStringLiteral("-shm")})
        addFile(m_store + suffix);
    QDirIterator it(m_home, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    int homeFiles = 0;
    while (it.hasNext()) {
        addFile(it.next());
        ++homeFiles;
    }
    qInfo("searched %d outputs/files (%d under HOME), %lld bytes of output", int(written.size()), homeFiles,
          qint64(m_allOutput.size()));
    QVERIFY(m_allOutput.contains("Document expired") || m_allOutput.size() > 1000); // the runs did talk
    const QStringList all = secrets();
    QVERIFY2(all.size() >= 7, "no SDK.Finance token was seen"); // 6 fixed + at least one token
    for (const QString& secret : all) {
        const QByteArray raw = secret.toUtf8();
        const QList<QByteArray> forms{raw, raw.toBase64(), QUrl::toPercentEncoding(secret)};
        for (const auto& [where, bytes] : written)
            for (const QByteArray& form : forms)
                QVERIFY2(
                    !bytes.contains(form),
                    qPrintable(QStringLiteral("a secret (%1…) was found in %2").arg(secret.left(6), where)));
    }
}

QTEST_GUILESS_MAIN(tst_Secrets)
#include "tst_secrets.moc"
