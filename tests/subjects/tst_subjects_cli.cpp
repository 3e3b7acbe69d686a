// SPDX-License-Identifier: GPL-3.0-or-later
// identitydesk-cli's issue 7 commands end to end, against the in-process sandbox over TLS and a real
// store (SQLite and PostgreSQL): subjects import (dry run, bad lines, nothing half-imported),
// subjects link, users show (the 360 document), smileid job-status with its exit codes.
#include "SandboxServer.h"
#include "SubjectsCsvWriter.h"
#include "TestStore.h"
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

class TestSubjectsCli final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void importDryRunThenImport();
    void usersSearchAsksTheIndexAndEveryProvider();
    void badFileNamesEveryLineAndImportsNothing();
    void linkAndConflict();
    void auditorCannotLink();
    void usersShowPrintsThe360Document();
    void usersShowUnknownSubjectExitsTwo();
    void jobStatusVerifiedAndForged();

private:
    Run cli(const QStringList& args, const QString& operatorName = QStringLiteral("olivia"),
            const QString& profile = QString());
    QString write(const QString& name, const QByteArray& content);

    QTemporaryDir m_dir;
    TestStore m_store;
    std::unique_ptr<SandboxServer> m_sandbox;
    std::unique_ptr<SandboxServer> m_forger;
    QString m_profile;
    QString m_forgerProfile;
};

void TestSubjectsCli::initTestCase()
{
    if (!TestStore::available())
        QSKIP("IDENTITYDESK_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against");
    QString error;
    QVERIFY2(m_store.create(&error), qPrintable(error));
    {
        std::unique_ptr<Store> store = StoreFactory::open(m_store.url(), &error);
        QVERIFY2(store, qPrintable(error));
        for (const auto& [name, role] :
             {std::pair{"olivia", Role::Officer}, std::pair{"audrey", Role::Auditor}}) {
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
    options.smileIdBadSignature = true;
    m_forger = std::make_unique<SandboxServer>(options);
    QVERIFY2(m_forger->start(&error), qPrintable(error));
    m_forgerProfile = m_dir.filePath(QStringLiteral("forger.json"));
    QVERIFY2(m_forger->writeProfile(m_forgerProfile, &error), qPrintable(error));
}

QString TestSubjectsCli::write(const QString& name, const QByteArray& content)
{
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write the test file");
    f.write(content);
    return path;
}

Run TestSubjectsCli::cli(const QStringList& args, const QString& operatorName, const QString& profile)
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
    const QDeadlineTimer deadline(60000);
    while (p.state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(20);
    Run r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

void TestSubjectsCli::importDryRunThenImport()
{
    const QString csv = m_dir.filePath(QStringLiteral("subjects.csv"));
    QString error;
    QVERIFY(SubjectsCsvWriter::write(m_sandbox->population(), 30, csv, &error));
    Run r = cli({QStringLiteral("--json"), QStringLiteral("subjects"), QStringLiteral("import"), csv,
                 QStringLiteral("--dry-run")});
    QVERIFY2(r.code == 0, r.err.constData());
    QCOMPARE(r.json().value(QStringLiteral("counts")).toObject().value(QStringLiteral("new")).toInt(), 30);
    QCOMPARE(r.json().value(QStringLiteral("imported")).toBool(), false);
    r = cli({QStringLiteral("subjects"), QStringLiteral("import"), csv, QStringLiteral("--dry-run")});
    QVERIFY(r.out.contains("30 new"));
    r = cli({QStringLiteral("subjects"), QStringLiteral("import"), csv, QStringLiteral("--reason"),
             QStringLiteral("seed")});
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY(r.out.contains("Imported"));
    r = cli({QStringLiteral("--json"), QStringLiteral("subjects"), QStringLiteral("import"), csv,
             QStringLiteral("--dry-run")});
    QCOMPARE(r.json().value(QStringLiteral("counts")).toObject().value(QStringLiteral("unchanged")).toInt(),
             30);
}

void TestSubjectsCli::usersSearchAsksTheIndexAndEveryProvider()
{
    // Imported by importDryRunThenImport: the index knows the person by name, without any provider.
    const PopulationUser person = m_sandbox->population().user(5);
    const auto hasEmail = [&person](const QJsonObject& doc) {
        for (const QJsonValue& p : doc.value(QStringLiteral("people")).toArray())
            if (p.toObject().value(QStringLiteral("email")).toString() == person.email)
                return true;
        return false;
    };
    Run r = cli({QStringLiteral("--json"), QStringLiteral("users"), QStringLiteral("search"),
                 person.lastName.toLower(), QStringLiteral("--provider"), QStringLiteral("index")});
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY2(hasEmail(r.json()), r.out.constData());
    const QJsonArray indexOnly = r.json().value(QStringLiteral("sources")).toArray();
    QCOMPARE(indexOnly.size(), 1);
    QCOMPARE(indexOnly.first().toObject().value(QStringLiteral("source")).toString(),
             QStringLiteral("index"));

    // No --provider: the index and every provider that can search, merged by person, each source's state.
    r = cli({QStringLiteral("--json"), QStringLiteral("users"), QStringLiteral("search"), person.email});
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY2(hasEmail(r.json()), r.out.constData());
    QStringList loaded;
    for (const QJsonValue& v : r.json().value(QStringLiteral("sources")).toArray())
        if (v.toObject().value(QStringLiteral("state")).toString() == QLatin1String("loaded"))
            loaded << v.toObject().value(QStringLiteral("source")).toString();
    QVERIFY2(loaded.size() >= 2 && loaded.contains(QStringLiteral("index")), qPrintable(loaded.join(u',')));
    // Merged by subject: the linked records of the person are one entry, from the index and a provider
    // (a provider's record not linked to the subject is listed apart, as the console lists it).
    int entries = 0;
    QStringList sources;
    for (const QJsonValue& p : r.json().value(QStringLiteral("people")).toArray()) {
        if (p.toObject().value(QStringLiteral("subject")).toString() != QLatin1String("CUST-000005"))
            continue;
        ++entries;
        for (const QJsonValue& rec : p.toObject().value(QStringLiteral("records")).toArray())
            sources << rec.toObject().value(QStringLiteral("source")).toString();
    }
    QCOMPARE(entries, 1);
    QVERIFY2(sources.contains(QStringLiteral("index")) && sources.size() >= 2,
             qPrintable(sources.join(u',')));
}

void TestSubjectsCli::badFileNamesEveryLineAndImportsNothing()
{
    const QString path =
        write(QStringLiteral("bad.csv"), "subject,email,smileid,smileid_job,sdkfinance,trustswiftly,smartid\n"
                                         "NEW-1,new1@example.com,,,,201,\n"
                                         "NEW-2,broken,,,,202,\n"
                                         "NEW-3,,,,,1,\n"
                                         "NEW-4,,\n");
    const Run r = cli({QStringLiteral("subjects"), QStringLiteral("import"), path});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("line 3"), r.err.constData());
    QVERIFY2(r.err.contains("line 4"),
             r.err.constData()); // Trust Swiftly 1 belongs to CUST-000001 (or is new in this run)
    QVERIFY2(r.err.contains("line 5"), r.err.constData());
    QVERIFY(!r.err.contains("line 2:"));
    QVERIFY(r.err.contains("Nothing was imported"));
    const Run show = cli({QStringLiteral("users"), QStringLiteral("show"), QStringLiteral("NEW-1")});
    QCOMPARE(show.code, 2); // the good row was not imported either
}

void TestSubjectsCli::linkAndConflict()
{
    Run r =
        cli({QStringLiteral("subjects"), QStringLiteral("link"), QStringLiteral("CASE-77"),
             QStringLiteral("trustswiftly:277"), QStringLiteral("--reason"), QStringLiteral("phone call")});
    QVERIFY2(r.code == 0, r.err.constData());
    r = cli({QStringLiteral("subjects"), QStringLiteral("link"), QStringLiteral("CASE-78"),
             QStringLiteral("trustswiftly:277")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("CASE-77"));
    r = cli({QStringLiteral("subjects"), QStringLiteral("link"), QStringLiteral("CASE-78"),
             QStringLiteral("nowhere:1")});
    QCOMPARE(r.code, 2);
    r = cli({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("list")});
    QVERIFY(r.out.contains("subject-linked"));
    QVERIFY(r.out.contains("phone call"));
}

void TestSubjectsCli::auditorCannotLink()
{
    const Run r = cli({QStringLiteral("subjects"), QStringLiteral("link"), QStringLiteral("CASE-90"),
                       QStringLiteral("smartid:x@example.com")},
                      QStringLiteral("audrey"));
    QCOMPARE(r.code, 7);
}

void TestSubjectsCli::usersShowPrintsThe360Document()
{
    Run r = cli({QStringLiteral("--json"), QStringLiteral("users"), QStringLiteral("show"),
                 SubjectsCsvWriter::referenceFor(2)});
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonObject doc = r.json();
    QCOMPARE(doc.value(QStringLiteral("subject")).toObject().value(QStringLiteral("reference")).toString(),
             SubjectsCsvWriter::referenceFor(2));
    QCOMPARE(doc.value(QStringLiteral("trustswiftly")).toObject().value(QStringLiteral("status")).toString(),
             QStringLiteral("ok"));
    QCOMPARE(doc.value(QStringLiteral("smileid_jobs")).toObject().value(QStringLiteral("status")).toString(),
             QStringLiteral("ok"));
    QCOMPARE(doc.value(QStringLiteral("smileid")).toObject().value(QStringLiteral("label")).toString(),
             QStringLiteral("last known, from the audit log"));
    r = cli({QStringLiteral("users"), QStringLiteral("show"), QStringLiteral("2"),
             QStringLiteral("--provider"), QStringLiteral("trustswiftly")});
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY(r.out.contains(SubjectsCsvWriter::referenceFor(2).toUtf8()));
    QVERIFY(r.out.contains("last known, from the audit log"));
}

void TestSubjectsCli::usersShowUnknownSubjectExitsTwo()
{
    const Run r = cli({QStringLiteral("users"), QStringLiteral("show"), QStringLiteral("NOBODY-1")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("NOBODY-1"));
}

void TestSubjectsCli::jobStatusVerifiedAndForged()
{
    Run r = cli({QStringLiteral("--json"), QStringLiteral("smileid"), QStringLiteral("job-status"),
                 QStringLiteral("REF-000001"), QStringLiteral("JOB-000001"), QStringLiteral("--history"),
                 QStringLiteral("--image-links")},
                QStringLiteral("olivia"));
    QVERIFY2(r.code == 0, r.err.constData());
    QCOMPARE(r.json().value(QStringLiteral("signature_verified")).toBool(), true);
    QVERIFY(r.json().contains(QStringLiteral("image_links")));
    r = cli({QStringLiteral("smileid"), QStringLiteral("job-status"), QStringLiteral("REF-000001"),
             QStringLiteral("JOB-000001")},
            QStringLiteral("olivia"), m_forgerProfile);
    QCOMPARE(r.code, 3);
    QVERIFY(r.err.contains("SECURITY WARNING"));
    QVERIFY(!r.out.contains("verified"));
    r = cli({QStringLiteral("smileid"), QStringLiteral("job-status"), QStringLiteral("REF-000001"),
             QStringLiteral("JOB-000002")},
            QStringLiteral("olivia"));
    QCOMPARE(r.code, 3); // Smile ID refuses: no such job for this user (2210)
    r = cli({QStringLiteral("smileid"), QStringLiteral("job-status"), QStringLiteral("REF-000001")},
            QStringLiteral("olivia"));
    QCOMPARE(r.code, 2);
}

QTEST_GUILESS_MAIN(TestSubjectsCli)
#include "tst_subjects_cli.moc"
