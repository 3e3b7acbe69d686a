// SPDX-License-Identifier: GPL-3.0-or-later
// docs/adding-a-provider.md, proven: Acme ID, a provider that exists only in this folder, is added with
// one registration line and then works through every generic part of the console with no other
// change: profile files, validation, export, the approval policy, the bulk grammar, the subject
// index, the action pipeline over real TLS, federated search and the connection test.
#include "AcmeIdEmulator.h"
#include "AcmeIdModule.h"
#include "CertificateFactory.h"
#include "domain/ConnectionProfile.h"
#include "domain/Policy.h"
#include "domain/ProfileValidator.h"
#include "models/FederatedSearchModel.h"
#include "providers/ProviderRegistry.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"
#include "services/BulkCsvParser.h"
#include "services/ConnectionTester.h"
#include "services/OperatorService.h"
#include "services/ProfileExchange.h"
#include "services/SearchService.h"
#include "services/Session.h"
#include "services/SubjectCsv.h"
#include "services/SubjectService.h"
#include "store/PasswordHasher.h"
#include "store/Store.h"
#include "store/StoreFactory.h"

#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QString kApiKey = QStringLiteral("acme-secret-key");
const QString kPassword = QStringLiteral("correct-horse-battery");
} // namespace

class TestFifthProvider final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // The one registration line (for a built-in provider: a line in ProviderRegistry.cpp).
        ProviderRegistry::instance().add(std::make_unique<AcmeIdModule>());

        QString error;
        m_ca = CertificateFactory::create(QStringLiteral("Acme test CA"), &error);
        QVERIFY2(m_ca, qPrintable(error));
        const std::optional<IssuedCertificate> leaf =
            m_ca->issueServerCertificate(CertificateFactory::defaultServerNames(), &error);
        QVERIFY2(leaf, qPrintable(error));
        m_server = std::make_unique<AcmeIdEmulator>(*leaf, kApiKey);
        QVERIFY(m_server->isListening());
        QVERIFY(m_dir.isValid());
        QFile ca(m_dir.filePath(QStringLiteral("ca.pem")));
        QVERIFY(ca.open(QIODevice::WriteOnly));
        ca.write(m_ca->caCertificatePem());
        ca.close();
        m_profilePath =
            writeProfile(QStringLiteral("acme.json"), {{QStringLiteral("base_url"), m_server->baseUrl()},
                                                       {QStringLiteral("api_key"), kApiKey}});
    }

    void cleanupTestCase() { ProviderRegistry::instance().remove(QStringLiteral("acmeid")); }

    void registryListsItLast()
    {
        QCOMPARE(ProviderRegistry::instance().keys().constLast(), QStringLiteral("acmeid"));
        QCOMPARE(ProviderRegistry::instance().displayName(QStringLiteral("acmeid")),
                 QStringLiteral("Acme ID"));
        QCOMPARE(FederatedSearchModel::providerName(QStringLiteral("acmeid")), QStringLiteral("Acme ID"));
        QVERIFY(Subject::providers().contains(QStringLiteral("acmeid")));
    }

    void profileFileLoadsAndValidates()
    {
        QString error;
        const std::optional<ConnectionProfile> profile = ConnectionProfile::load(m_profilePath, &error);
        QVERIFY2(profile, qPrintable(error));
        QCOMPARE(profile->sections.value(QStringLiteral("acmeid")).value(QStringLiteral("base_url")),
                 m_server->baseUrl());
        QVERIFY(ProfileValidator::problems(*profile, true).isEmpty());
        QCOMPARE(profile->environment(), QStringLiteral("test"));
    }

    void profileFileProblemsNameTheField()
    {
        const QString plain =
            writeProfile(QStringLiteral("plain.json"),
                         {{QStringLiteral("base_url"), QStringLiteral("http://127.0.0.1/acme")},
                          {QStringLiteral("api_key"), kApiKey}});
        QString error;
        QVERIFY(!ConnectionProfile::load(plain, &error));
        QVERIFY2(error.contains(QStringLiteral("acmeid.base_url")) &&
                     error.contains(QStringLiteral("https://")),
                 qPrintable(error));

        // The secret may come from IDENTITYDESK_ACMEID_API_KEY, like every provider's.
        const QString keyless =
            writeProfile(QStringLiteral("keyless.json"), {{QStringLiteral("base_url"), m_server->baseUrl()}});
        QVERIFY(!ConnectionProfile::load(keyless, &error));
        QVERIFY2(error.contains(QStringLiteral("IDENTITYDESK_ACMEID_API_KEY")), qPrintable(error));
        qputenv("IDENTITYDESK_ACMEID_API_KEY", kApiKey.toUtf8());
        const std::optional<ConnectionProfile> fromEnvironment = ConnectionProfile::load(keyless, &error);
        qunsetenv("IDENTITYDESK_ACMEID_API_KEY");
        QVERIFY2(fromEnvironment, qPrintable(error));
        QCOMPARE(fromEnvironment->sections.value(QStringLiteral("acmeid")).value(QStringLiteral("api_key")),
                 kApiKey);

        ConnectionProfile edited = *fromEnvironment;
        edited.sections[QStringLiteral("acmeid")].insert(QStringLiteral("pin_sha256"),
                                                         QStringLiteral("nope"));
        QVERIFY(ProfileValidator::problems(edited, false).contains(QStringLiteral("acmeid.pin_sha256")));
    }

    void exportLeavesTheSecretOut()
    {
        QString error;
        const std::optional<ConnectionProfile> profile = ConnectionProfile::load(m_profilePath, &error);
        QVERIFY2(profile, qPrintable(error));
        const QJsonObject exported = ProfileExchange::toJson(*profile, false);
        QCOMPARE(
            exported.value(QStringLiteral("acmeid")).toObject().value(QStringLiteral("base_url")).toString(),
            m_server->baseUrl());
        QVERIFY(!exported.value(QStringLiteral("acmeid")).toObject().contains(QStringLiteral("api_key")));

        QStringList warnings;
        const std::optional<QList<ConnectionProfile>> imported = ProfileExchange::importProfiles(
            QJsonDocument(ProfileExchange::toJson(*profile, true)).toJson(), &warnings, &error);
        QVERIFY2(imported, qPrintable(error));
        QCOMPARE(warnings.size(), 1); // the secret was in the file, and was not imported
        QVERIFY(warnings.first().contains(QStringLiteral("acmeid.api_key")));
        QVERIFY(imported->first()
                    .sections.value(QStringLiteral("acmeid"))
                    .value(QStringLiteral("api_key"))
                    .isEmpty());
    }

    void policyAndBulkGrammarComeFromTheModule()
    {
        QVERIFY(Policy::knownKeys().contains(QStringLiteral("acmeid.lock")));
        QVERIFY(Policy::defaults().requiresApproval(QStringLiteral("acmeid.lock")));
        QCOMPARE(Policy::describe(QStringLiteral("acmeid.lock")), QStringLiteral("Acme ID: lock a user"));

        QString problem;
        const QJsonObject params = BulkCsvParser::params(QStringLiteral("acmeid"), QStringLiteral("lock"),
                                                         QStringLiteral("note=chargeback"), &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(params.value(QStringLiteral("note")).toString(), QStringLiteral("chargeback"));
        BulkCsvParser::params(QStringLiteral("acmeid"), QStringLiteral("lock"), QStringLiteral("colour=red"),
                              &problem);
        QCOMPARE(problem, QStringLiteral("'colour' is not an option of acmeid lock."));

        ActionRequest request;
        request.provider = QStringLiteral("acmeid");
        request.action = QStringLiteral("lock");
        request.params = params;
        QCOMPARE(BulkCsvParser::paramsText(request), QStringLiteral("note=chargeback"));
    }

    void subjectIndexTakesItsColumn()
    {
        QVERIFY(SubjectCsv::header().contains(QStringLiteral("acmeid")));
        std::unique_ptr<Store> store = openStore(QStringLiteral("subjects.sqlite"));
        QVERIFY(store);
        SubjectService subjects(*store, signIn(*store, QStringLiteral("olivia")));
        const QStringList header = SubjectCsv::header();
        QStringList row(header.size());
        row[0] = QStringLiteral("REF-1");
        row[header.indexOf(QStringLiteral("acmeid"))] = QStringLiteral("A-7");
        QStringList bad = row;
        bad[0] = QStringLiteral("REF-2");
        bad[header.indexOf(QStringLiteral("acmeid"))] = QStringLiteral("not-an-acme-id");
        const QByteArray csv = (header.join(u',') + u'\n' + row.join(u',') + u'\n').toUtf8();
        const SubjectImportReport report = subjects.planImport(csv, QStringLiteral("people.csv"));
        QVERIFY2(report.fileProblem.isEmpty(), qPrintable(report.fileProblem));
        QString error;
        QVERIFY2(subjects.applyImport(report, QStringLiteral("onboarding"), &error), qPrintable(error));
        const std::optional<Subject> linked =
            subjects.subjectByLink(QStringLiteral("acmeid"), QStringLiteral("A-7"), &error);
        QVERIFY2(linked, qPrintable(error));
        QCOMPARE(linked->reference, QStringLiteral("REF-1"));

        // The module's id grammar is the index's.
        const SubjectImportReport refused = subjects.planImport(
            (header.join(u',') + u'\n' + bad.join(u',') + u'\n').toUtf8(), QStringLiteral("bad.csv"));
        QCOMPARE(refused.rows.size(), 1);
        QVERIFY(refused.rows.first().problems.join(u' ').contains(QStringLiteral("not an Acme ID user id")));
    }

    void actionGoesThroughThePipelineOverTls()
    {
        QString error;
        const std::optional<ConnectionProfile> profile = ConnectionProfile::load(m_profilePath, &error);
        QVERIFY2(profile, qPrintable(error));
        Session session(*profile);
        QVERIFY(session.client(QStringLiteral("acmeid")));
        QCOMPARE(session.executors().size(), 1);
        std::unique_ptr<Store> store = openStore(QStringLiteral("actions.sqlite"));
        QVERIFY(store);

        ActionService officer(store.get());
        officer.setOperator(signIn(*store, QStringLiteral("olivia")));
        officer.registerExecutor(session.executors().constFirst());
        ActionRequest request;
        request.provider = QStringLiteral("acmeid");
        request.action = QStringLiteral("lock");
        request.userId = QStringLiteral("A-7");
        request.params = {{QStringLiteral("note"), QStringLiteral("chargeback ring")}};
        request.reason = QStringLiteral("Case 4711");
        ActionTicket* submitted = officer.submit(request);
        QVERIFY(waitFor(submitted));
        // The module's policy rule holds: it waits for a supervisor, and nothing was sent.
        QCOMPARE(submitted->record().state, ActionRecord::State::PendingApproval);
        QVERIFY(!m_server->isLocked(QStringLiteral("A-7")));

        ActionService supervisor(store.get());
        supervisor.setOperator(signIn(*store, QStringLiteral("sam")));
        supervisor.registerExecutor(session.executors().constFirst());
        ActionTicket* approved =
            supervisor.approve(submitted->record().id, QStringLiteral("checked the case"));
        QVERIFY(waitFor(approved));
        QVERIFY2(approved->hasOutcome(), qPrintable(approved->message()));
        QCOMPARE(approved->outcome().kind, ActionOutcome::Kind::Succeeded);
        QVERIFY(m_server->isLocked(QStringLiteral("A-7")));
        const AcmeIdEmulator::Hit& hit = m_server->hits().constLast();
        QCOMPARE(hit.path, QStringLiteral("/acme/users/A-7/lock"));
        QCOMPARE(hit.apiKey, kApiKey.toUtf8());
        QCOMPARE(hit.body.value(QStringLiteral("note")).toString(), QStringLiteral("chargeback ring"));

        AuditFilter filter;
        filter.action = QStringLiteral("acmeid.lock");
        const std::optional<QList<AuditEntry>> entries = store->auditEntries(filter, &error);
        QVERIFY2(entries, qPrintable(error));
        QStringList events;
        for (const AuditEntry& e : *entries)
            events << e.event;
        QVERIFY2(events.contains(QStringLiteral("intent")) && events.contains(QStringLiteral("approved")) &&
                     events.contains(QStringLiteral("outcome")),
                 qPrintable(events.join(u',')));
        QVERIFY(store->verifyAudit().ok);
    }

    void federatedSearchAsksIt()
    {
        QString error;
        const std::optional<ConnectionProfile> profile = ConnectionProfile::load(m_profilePath, &error);
        QVERIFY2(profile, qPrintable(error));
        Session session(*profile);
        SearchService search(nullptr);
        search.addDefaultSources(session);
        QCOMPARE(search.sources(), QStringList{QStringLiteral("acmeid")});
        QSignalSpy hits(&search, &SearchService::hitsArrived);
        search.search(QStringLiteral("silva"));
        QVERIFY(hits.wait(15000));
        const QList<SearchHit> found = hits.first().at(2).value<QList<SearchHit>>();
        QStringList ids;
        for (const SearchHit& h : found)
            ids << h.record.id;
        ids.sort();
        QCOMPARE(ids, (QStringList{QStringLiteral("A-7"), QStringLiteral("A-8")}));
    }

    void connectionTestUsesItsProbe()
    {
        QString error;
        const std::optional<ConnectionProfile> profile = ConnectionProfile::load(m_profilePath, &error);
        QVERIFY2(profile, qPrintable(error));
        ConnectionTester tester;
        QSignalSpy finished(&tester, &ConnectionTester::finished);
        tester.test(*profile, QStringLiteral("acmeid"));
        QVERIFY(finished.wait(15000));
        const ConnectionTestResult result = finished.first().first().value<ConnectionTestResult>();
        QVERIFY2(result.ok, qPrintable(result.message));
        QVERIFY(result.keyVerified);

        ConnectionProfile wrongKey = *profile;
        wrongKey.sections[QStringLiteral("acmeid")].insert(QStringLiteral("api_key"),
                                                           QStringLiteral("wrong"));
        finished.clear();
        tester.test(wrongKey, QStringLiteral("acmeid"));
        QVERIFY(finished.wait(15000));
        QVERIFY(!finished.first().first().value<ConnectionTestResult>().ok);
    }

private:
    QString writeProfile(const QString& name, const QJsonObject& section)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
        file.write(QJsonDocument(QJsonObject{{QStringLiteral("name"), QStringLiteral("Acme test")},
                                             {QStringLiteral("ca_file"), QStringLiteral("ca.pem")},
                                             {QStringLiteral("acmeid"), section}})
                       .toJson());
        return path;
    }

    std::unique_ptr<Store> openStore(const QString& file)
    {
        QString error;
        std::unique_ptr<Store> store =
            StoreFactory::open(QStringLiteral("sqlite:") + m_dir.filePath(file), &error);
        if (!store)
            qFatal("cannot open the store: %s", qPrintable(error));
        const std::optional<QString> hash =
            PasswordHasher::hash(kPassword, PasswordHasher::kMinimumIterations);
        for (const auto& [name, role] :
             {std::pair{"olivia", Role::Officer}, std::pair{"sam", Role::Supervisor}}) {
            Operator op;
            op.name = QString::fromLatin1(name);
            op.role = role;
            op.createdAt = QDateTime::currentDateTimeUtc();
            if (!store->addOperator(op, *hash, &error))
                qFatal("cannot add %s: %s", name, qPrintable(error));
        }
        return store;
    }

    static Operator signIn(Store& store, const QString& name)
    {
        QString error;
        const std::optional<Operator> op = OperatorService(&store).signIn(name, kPassword, &error);
        if (!op)
            qFatal("cannot sign in %s: %s", qPrintable(name), qPrintable(error));
        return *op;
    }

    static bool waitFor(ActionTicket* ticket)
    {
        if (ticket->isFinished())
            return true;
        QSignalSpy spy(ticket, &ActionTicket::finished);
        return spy.wait(30000);
    }

    QTemporaryDir m_dir;
    std::optional<CertificateFactory> m_ca;
    std::unique_ptr<AcmeIdEmulator> m_server;
    QString m_profilePath;
};

QTEST_GUILESS_MAIN(TestFifthProvider)
#include "tst_fifthprovider.moc"
