// SPDX-License-Identifier: GPL-3.0-or-later
// SubjectService on a real store (SQLite, and PostgreSQL when IDENTITYDESK_TEST_POSTGRES_URL is set):
// the dry-run report (new / changed / unchanged / conflicting), every bad line named with its number
// and nothing imported, manual links and their audit entries.
#include "TestStore.h"
#include "services/SubjectCsvReader.h"
#include "services/SubjectImportRows.h"
#include "services/SubjectService.h"
#include "store/SqlStore.h"
#include "store/Store.h"
#include "store/StoreFactory.h"

#include <QtTest>

namespace {
const QByteArray kHeader = "subject,email,smileid,smileid_job,sdkfinance,trustswiftly,smartid\n";

Operator officer()
{
    Operator op;
    op.name = QStringLiteral("olivia");
    op.role = Role::Officer;
    return op;
}

int auditCount(Store& store, const QString& event)
{
    QString error;
    const auto entries = store.auditEntries(AuditFilter{}, &error);
    int n = 0;
    for (const AuditEntry& e : entries.value_or(QList<AuditEntry>{}))
        n += e.event == event ? 1 : 0;
    return n;
}
} // namespace

class TestSubjectsImport final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void dryRunReportsNewAndWritesNothing();
    void importWritesAllRowsInOneTransaction();
    void changedUnchangedAndConflictingRows();
    void everyBadLineIsNamedAndNothingIsImported();
    void wrongHeaderIsRefused();
    void quotedFieldsAndLineNumbers();
    void linkByHandIsAuditedAndRefusesAnotherSubjectsId();
    void auditorsCannotChangeTheIndex();
    void findByPrefixAndByProviderId();
    void oldFilesAndAnyColumnOrderImport();
    void namesAndPhonesAreFoundNormalised();
    void rankedExactIdThenReferenceEmailName();
    void pagesAreDistinctAndComplete();
    void reimportReplacesTheTerms();
    void badNameOrPhoneImportsNothingAndNamesTheLine();
    void noMatchQueryUsesOnlyIndexes();
    void longFileIsSpooledAndStillNamesEveryBadLine();
    void csvReaderKeepsCharactersCutByAChunk();

private:
    std::unique_ptr<TestStore> m_testStore;
    std::unique_ptr<Store> m_store;
};

void TestSubjectsImport::init()
{
    if (!TestStore::available())
        QSKIP("IDENTITYDESK_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against");
    m_testStore = std::make_unique<TestStore>();
    QString error;
    QVERIFY2(m_testStore->create(&error), qPrintable(error));
    m_store = StoreFactory::open(m_testStore->url(), &error);
    QVERIFY2(m_store, qPrintable(error));
}

void TestSubjectsImport::cleanup()
{
    m_store.reset();
    m_testStore.reset();
}

void TestSubjectsImport::dryRunReportsNewAndWritesNothing()
{
    SubjectService service(*m_store, officer());
    const QByteArray csv = kHeader + "C-1,Ana@Example.com,REF-000001,JOB-000001,uuid-1,1,ana@example.com\n"
                                     "C-2,,,,,2,\n";
    const SubjectImportReport report = service.planImport(csv, QStringLiteral("s.csv"));
    QVERIFY2(report.fileProblem.isEmpty(), qPrintable(report.fileProblem));
    QCOMPARE(report.rows.size(), 2);
    QCOMPARE(report.count(SubjectImportReport::Row::Kind::New), 2);
    QVERIFY(report.isImportable());
    QCOMPARE(report.rows.at(0).line, 2);
    QCOMPARE(report.rows.at(0).subject.email, QStringLiteral("ana@example.com"));
    QCOMPARE(report.rows.at(0).subject.idAt(QStringLiteral("trustswiftly")), QStringLiteral("1"));
    QString error;
    QVERIFY(!m_store->subject(QStringLiteral("C-1"), &error)); // a plan writes nothing
    QCOMPARE(auditCount(*m_store, QStringLiteral("subjects-imported")), 0);
}

void TestSubjectsImport::importWritesAllRowsInOneTransaction()
{
    SubjectService service(*m_store, officer());
    const QByteArray csv = kHeader + "C-1,ana@example.com,REF-000001,JOB-000001,uuid-1,1,ana@example.com\n"
                                     "C-2,,,,,2,\n";
    const SubjectImportReport report = service.planImport(csv, QStringLiteral("s.csv"));
    QString error;
    QVERIFY2(service.applyImport(report, QStringLiteral("first index"), &error), qPrintable(error));
    const std::optional<Subject> c1 = m_store->subject(QStringLiteral("C-1"), &error);
    QVERIFY2(c1, qPrintable(error));
    QCOMPARE(c1->attributes.value(QStringLiteral("smileid_job")), QStringLiteral("JOB-000001"));
    QCOMPARE(c1->ids.size(), 4);
    const std::optional<Subject> byLink =
        m_store->subjectByLink(QStringLiteral("trustswiftly"), QStringLiteral("2"), &error);
    QVERIFY(byLink);
    QCOMPARE(byLink->reference, QStringLiteral("C-2"));
    QCOMPARE(auditCount(*m_store, QStringLiteral("subjects-imported")), 1);
    const auto entries = m_store->auditEntries(AuditFilter{}, &error);
    QCOMPARE(entries->constLast().operatorName, QStringLiteral("olivia"));
    QCOMPARE(entries->constLast().reason, QStringLiteral("first index"));
    QVERIFY(m_store->verifyAudit().ok);
}

void TestSubjectsImport::changedUnchangedAndConflictingRows()
{
    SubjectService service(*m_store, officer());
    QString error;
    QVERIFY(service.applyImport(
        service.planImport(kHeader + "C-1,a@x.com,,,,1,\nC-2,b@x.com,,,,2,\n", QStringLiteral("a.csv")),
        QString(), &error));
    const QByteArray next = kHeader + "C-1,a@x.com,,,,1,\n"  // unchanged
                                      "C-2,b2@x.com,,,,2,\n" // changed e-mail
                                      "C-3,c@x.com,,,,1,\n"  // Trust Swiftly 1 is C-1's
                                      "C-4,,,,,9,\n"         // new
                                      "C-5,,,,,9,\n";        // 9 again, in this file
    const SubjectImportReport report = service.planImport(next, QStringLiteral("b.csv"));
    using Kind = SubjectImportReport::Row::Kind;
    QCOMPARE(report.rows.at(0).kind, Kind::Unchanged);
    QCOMPARE(report.rows.at(1).kind, Kind::Changed);
    QCOMPARE(report.rows.at(1).previous.email, QStringLiteral("b@x.com"));
    QCOMPARE(report.rows.at(2).kind, Kind::Conflicting);
    QVERIFY2(report.rows.at(2).problems.join(u' ').contains(QLatin1String("C-1")),
             qPrintable(report.rows.at(2).problems.join(u' ')));
    QCOMPARE(report.rows.at(3).kind, Kind::New);
    QCOMPARE(report.rows.at(4).kind, Kind::Conflicting);
    QVERIFY(report.rows.at(4).problems.join(u' ').contains(QLatin1String("line 5")));
    QVERIFY(!report.isImportable());
    QVERIFY(!service.applyImport(report, QString(), &error));
    QVERIFY(error.contains(QLatin1String("line 4")));
    // Nothing of it was written: C-2 keeps its e-mail, C-4 does not exist.
    QCOMPARE(m_store->subject(QStringLiteral("C-2"), &error)->email, QStringLiteral("b@x.com"));
    QVERIFY(!m_store->subject(QStringLiteral("C-4"), &error));
}

void TestSubjectsImport::everyBadLineIsNamedAndNothingIsImported()
{
    SubjectService service(*m_store, officer());
    const QByteArray csv = kHeader + "C-1,a@x.com,,,,1,\n"
                                     "C-2,not-an-email,,,,2,\n"
                                     ",c@x.com,,,,3,\n"
                                     "C-4,,,,\n"
                                     "C-5,,,JOB-1,,5,\n"
                                     "C-1,,,,,6,\n"
                                     "C-7,,,,,7,\n";
    const SubjectImportReport report = service.planImport(csv, QStringLiteral("bad.csv"));
    QStringList badLines;
    for (const auto& r : report.rows) {
        if (r.kind == SubjectImportReport::Row::Kind::Bad)
            badLines << QString::number(r.line);
    }
    QCOMPARE(badLines, (QStringList{QStringLiteral("3"), QStringLiteral("4"), QStringLiteral("5"),
                                    QStringLiteral("6"), QStringLiteral("7")}));
    QString error;
    QVERIFY(!service.applyImport(report, QString(), &error));
    for (const QString& line : badLines)
        QVERIFY2(error.contains(QStringLiteral("line %1:").arg(line)), qPrintable(error));
    QVERIFY(!m_store->subject(QStringLiteral("C-1"), &error)); // the good rows were not imported either
    QVERIFY(!m_store->subject(QStringLiteral("C-7"), &error));
    QCOMPARE(auditCount(*m_store, QStringLiteral("subjects-imported")), 0);
}

void TestSubjectsImport::wrongHeaderIsRefused()
{
    SubjectService service(*m_store, officer());
    SubjectImportReport report =
        service.planImport(QByteArray("subject,email,trust_swiftly\nC-1,,1\n"), QStringLiteral("h.csv"));
    QVERIFY(!report.isImportable());
    QVERIFY(report.fileProblem.contains(QLatin1String("line 1")));
    QVERIFY2(report.fileProblem.contains(QLatin1String("trust_swiftly")), qPrintable(report.fileProblem));
    report = service.planImport(QByteArray("email,trustswiftly\na@x.com,1\n"), QStringLiteral("h.csv"));
    QVERIFY(!report.isImportable()); // subject is required
    report =
        service.planImport(QByteArray("subject,email,email\nC-1,a@x.com,b@x.com\n"), QStringLiteral("h.csv"));
    QVERIFY(!report.isImportable()); // a column twice
}

void TestSubjectsImport::quotedFieldsAndLineNumbers()
{
    SubjectService service(*m_store, officer());
    // Quotes keep commas; a quoted line break makes one record span two lines (line numbers count them).
    const QByteArray csv = kHeader + "\"C-1\",\"a@x.com\",,,,\"1\",\"x,\"\"y\"\"\"\r\n"
                                     "C-2,,,,,\"2\nstill C-2\",\n"
                                     "C-3,bad,,,,3,\n";
    const SubjectImportReport report = service.planImport(csv, QStringLiteral("q.csv"));
    QCOMPARE(report.rows.size(), 3);
    QCOMPARE(report.rows.at(0).line, 2);
    QCOMPARE(report.rows.at(0).kind, SubjectImportReport::Row::Kind::New);
    QCOMPARE(report.rows.at(0).subject.idAt(QStringLiteral("smartid")), QStringLiteral("x,\"y\""));
    QCOMPARE(report.rows.at(1).line, 3);
    QCOMPARE(report.rows.at(1).kind, SubjectImportReport::Row::Kind::Bad); // a line break is no id
    QCOMPARE(report.rows.at(2).line, 5);
    QCOMPARE(report.rows.at(2).kind, SubjectImportReport::Row::Kind::Bad);
}

void TestSubjectsImport::linkByHandIsAuditedAndRefusesAnotherSubjectsId()
{
    SubjectService service(*m_store, officer());
    QString error;
    QVERIFY2(service.link(QStringLiteral("C-9"), QStringLiteral("smileid"), QStringLiteral("REF-000009"),
                          QStringLiteral("call with the customer"), &error),
             qPrintable(error));
    QVERIFY(service.link(QStringLiteral("C-9"), QStringLiteral("trustswiftly"), QStringLiteral("9"),
                         QString(), &error));
    const std::optional<Subject> s = m_store->subject(QStringLiteral("C-9"), &error);
    QVERIFY(s);
    QCOMPARE(s->idAt(QStringLiteral("smileid")), QStringLiteral("REF-000009"));
    QCOMPARE(s->idAt(QStringLiteral("trustswiftly")), QStringLiteral("9"));
    QCOMPARE(auditCount(*m_store, QStringLiteral("subject-linked")), 2);
    const auto entries = m_store->auditEntries(AuditFilter{}, &error);
    QCOMPARE(entries->constFirst().reason, QStringLiteral("call with the customer"));
    QCOMPARE(entries->constFirst().operatorName, QStringLiteral("olivia"));

    QVERIFY(!service.link(QStringLiteral("C-10"), QStringLiteral("trustswiftly"), QStringLiteral("9"),
                          QString(), &error));
    QVERIFY2(error.contains(QLatin1String("C-9")), qPrintable(error));
    QVERIFY(!m_store->subject(QStringLiteral("C-10"), &error));
    QVERIFY(!service.link(QStringLiteral("C-10"), QStringLiteral("nowhere"), QStringLiteral("1"), QString(),
                          &error));

    QString provider;
    QString id;
    QVERIFY(SubjectService::parseProviderId(QStringLiteral("sdkfinance:abc-1"), &provider, &id, &error));
    QCOMPARE(provider, QStringLiteral("sdkfinance"));
    QCOMPARE(id, QStringLiteral("abc-1"));
    QVERIFY(!SubjectService::parseProviderId(QStringLiteral("abc"), &provider, &id, &error));
}

void TestSubjectsImport::auditorsCannotChangeTheIndex()
{
    Operator auditor;
    auditor.name = QStringLiteral("audrey");
    auditor.role = Role::Auditor;
    SubjectService service(*m_store, auditor);
    QString error;
    QVERIFY(!service.link(QStringLiteral("C-1"), QStringLiteral("smileid"), QStringLiteral("REF-1"),
                          QString(), &error));
    QVERIFY(!service.applyImport(service.planImport(kHeader + "C-1,,,,,1,\n", QStringLiteral("a.csv")),
                                 QString(), &error));
    QVERIFY(!m_store->subject(QStringLiteral("C-1"), &error));
}

void TestSubjectsImport::findByPrefixAndByProviderId()
{
    SubjectService service(*m_store, officer());
    QString error;
    QVERIFY(service.applyImport(
        service.planImport(kHeader +
                               "CUST-1,ana@x.com,,,,11,\nCUST-2,bob@x.com,,,,12,\nOTHER-3,cy@x.com,,,,13,\n",
                           QStringLiteral("a.csv")),
        QString(), &error));
    QCOMPARE(service.find(QStringLiteral("cust-"), 0, 10, &error)->size(), 2);
    QCOMPARE(service.find(QStringLiteral("BOB@"), 0, 10, &error)->constFirst().reference,
             QStringLiteral("CUST-2"));
    QCOMPARE(service.find(QStringLiteral("13"), 0, 10, &error)->constFirst().reference,
             QStringLiteral("OTHER-3"));
    QCOMPARE(service.find(QStringLiteral("cust"), 1, 10, &error)->size(), 1);
    QCOMPARE(service.find(QStringLiteral("%"), 0, 10, &error)->size(), 0); // wildcards are text
}

namespace {
QStringList referencesOf(const std::optional<QList<Subject>>& found)
{
    QStringList refs;
    for (const Subject& s : found.value_or(QList<Subject>{}))
        refs << s.reference;
    return refs;
}
} // namespace

void TestSubjectsImport::oldFilesAndAnyColumnOrderImport()
{
    SubjectService service(*m_store, officer());
    QString error;
    // The header of before issue 34 (no name, no phone) still imports.
    QVERIFY2(
        service.applyImport(service.planImport(kHeader + "C-1,a@x.com,,,,1,\n", QStringLiteral("old.csv")),
                            QString(), &error),
        qPrintable(error));
    // Any order, any subset with subject; a column left out keeps what the index has.
    const SubjectImportReport report = service.planImport(
        QByteArray("Phone,trustswiftly,SUBJECT,name\n+351 21 000 0000,2,C-2,Rui Costa\n,,C-1,Ana Lima\n"),
        QStringLiteral("new.csv"));
    QVERIFY2(report.isImportable(), qPrintable(report.fileProblem));
    QCOMPARE(report.rows.at(0).kind, SubjectImportReport::Row::Kind::New);
    QCOMPARE(report.rows.at(1).kind, SubjectImportReport::Row::Kind::Changed);
    QVERIFY2(service.applyImport(report, QString(), &error), qPrintable(error));
    const std::optional<Subject> c1 = m_store->subject(QStringLiteral("C-1"), &error);
    QVERIFY2(c1, qPrintable(error));
    QCOMPARE(c1->email, QStringLiteral("a@x.com"));
    QCOMPARE(c1->name, QStringLiteral("Ana Lima"));
    QCOMPARE(c1->idAt(QStringLiteral("trustswiftly")), QStringLiteral("1"));
    const std::optional<Subject> c2 = m_store->subject(QStringLiteral("C-2"), &error);
    QCOMPARE(c2->phone, QStringLiteral("+351 21 000 0000"));
    QCOMPARE(c2->idAt(QStringLiteral("trustswiftly")), QStringLiteral("2"));
}

void TestSubjectsImport::namesAndPhonesAreFoundNormalised()
{
    SubjectService service(*m_store, officer());
    QString error;
    const QByteArray csv = "subject,email,name,phone\n"
                           "P-1,jose@x.com,José   Silva,+44 20 7946 0018\n"
                           "P-2,,ZOË DA SILVA,\n"
                           "P-3,,Ana Maria Soares,(351) 912-345-678\n"
                           "P-4,,Ｓｉｌｖｅｒ Ｆｏｘ,\n"; // full-width letters: NFKD makes them ASCII
    QVERIFY2(service.applyImport(service.planImport(csv, QStringLiteral("n.csv")), QString(), &error),
             qPrintable(error));
    QCOMPARE(m_store->subject(QStringLiteral("P-1"), &error)->name, QStringLiteral("José Silva"));
    QCOMPARE(referencesOf(service.find(QStringLiteral("jose"), 0, 10, &error)), QStringList{"P-1"});
    QCOMPARE(referencesOf(service.find(QStringLiteral("JOSÉ"), 0, 10, &error)), QStringList{"P-1"});
    QCOMPARE(referencesOf(service.find(QStringLiteral("zoe"), 0, 10, &error)), QStringList{"P-2"});
    QCOMPARE(referencesOf(service.find(QStringLiteral("Zoë  da Si"), 0, 10, &error)), QStringList{"P-2"});
    QStringList silva = referencesOf(service.find(QStringLiteral("silva"), 0, 10, &error));
    silva.sort();
    QCOMPARE(silva, (QStringList{"P-1", "P-2"}));
    QCOMPARE(referencesOf(service.find(QStringLiteral("silver"), 0, 10, &error)), QStringList{"P-4"});
    QCOMPARE(referencesOf(service.find(QStringLiteral("mar"), 0, 10, &error)), QStringList{"P-3"});
    // Phones by their digits, however they are typed.
    QCOMPARE(referencesOf(service.find(QStringLiteral("+44 2079"), 0, 10, &error)), QStringList{"P-1"});
    QCOMPARE(referencesOf(service.find(QStringLiteral("442079460018"), 0, 10, &error)), QStringList{"P-1"});
    QCOMPARE(referencesOf(service.find(QStringLiteral("351-912"), 0, 10, &error)), QStringList{"P-3"});
    QVERIFY(referencesOf(service.find(QStringLiteral("zz"), 0, 10, &error)).isEmpty());
    QVERIFY(error.isEmpty());
}

void TestSubjectsImport::rankedExactIdThenReferenceEmailName()
{
    SubjectService service(*m_store, officer());
    QString error;
    const QByteArray csv = "subject,email,name,trustswiftly\n"
                           "A-4,,John Smith,\n"
                           "A-3,smith@x.com,,\n"
                           "SMITH-2,,,\n"
                           "A-1,,,smith\n";
    QVERIFY2(service.applyImport(service.planImport(csv, QStringLiteral("r.csv")), QString(), &error),
             qPrintable(error));
    // A provider id is matched exactly (case included); the rest case-insensitively.
    QCOMPARE(referencesOf(service.find(QStringLiteral("smith"), 0, 10, &error)),
             (QStringList{"A-1", "SMITH-2", "A-3", "A-4"}));
}

void TestSubjectsImport::pagesAreDistinctAndComplete()
{
    SubjectService service(*m_store, officer());
    QString error;
    QByteArray csv = "subject,name\n";
    for (int i = 1; i <= 25; ++i)
        csv += QStringLiteral("K-%1,Kim Kimberley %1\n").arg(i, 2, 10, QLatin1Char('0')).toUtf8();
    QVERIFY2(service.applyImport(service.planImport(csv, QStringLiteral("p.csv")), QString(), &error),
             qPrintable(error));
    // "kim" matches two words of every name and the reference of none: each person once.
    QStringList all;
    for (int offset = 0; offset < 30; offset += 7)
        all += referencesOf(service.find(QStringLiteral("kim"), offset, 7, &error));
    QCOMPARE(all.size(), 25);
    QCOMPARE(QSet<QString>(all.cbegin(), all.cend()).size(), 25);
}

void TestSubjectsImport::reimportReplacesTheTerms()
{
    SubjectService service(*m_store, officer());
    QString error;
    QVERIFY(service.applyImport(
        service.planImport("subject,email,name\nR-1,old@x.com,Maria Old\n", QStringLiteral("a.csv")),
        QString(), &error));
    QVERIFY2(service.applyImport(service.planImport("subject,email,name\nR-1,new@x.com,Maria Nova\n",
                                                    QStringLiteral("b.csv")),
                                 QString(), &error),
             qPrintable(error));
    QVERIFY(referencesOf(service.find(QStringLiteral("old"), 0, 10, &error)).isEmpty());
    QCOMPARE(referencesOf(service.find(QStringLiteral("nova"), 0, 10, &error)), QStringList{"R-1"});
    QCOMPARE(referencesOf(service.find(QStringLiteral("new@"), 0, 10, &error)), QStringList{"R-1"});
    QCOMPARE(referencesOf(service.find(QStringLiteral("maria"), 0, 10, &error)), QStringList{"R-1"});
}

void TestSubjectsImport::badNameOrPhoneImportsNothingAndNamesTheLine()
{
    SubjectService service(*m_store, officer());
    QString error;
    const QByteArray csv = "subject,name,phone\n"
                           "B-1,Good Person,+1 555 0100\n"
                           "B-2,Bad\x1b[2JName,\n"
                           "B-3,Fine,call me\n";
    const SubjectImportReport report = service.planImport(csv, QStringLiteral("bad.csv"));
    QVERIFY(!report.isImportable());
    QCOMPARE(report.rows.at(1).kind, SubjectImportReport::Row::Kind::Bad);
    QCOMPARE(report.rows.at(2).kind, SubjectImportReport::Row::Kind::Bad);
    QVERIFY(!service.applyImport(report, QString(), &error));
    QVERIFY2(error.contains(QLatin1String("line 3:")) && error.contains(QLatin1String("line 4:")),
             qPrintable(error));
    QVERIFY(!m_store->subject(QStringLiteral("B-1"), &error));
}

void TestSubjectsImport::noMatchQueryUsesOnlyIndexes()
{
    auto* sql = dynamic_cast<SqlStore*>(m_store.get());
    QVERIFY(sql);
    SubjectService service(*m_store, officer());
    QString error;
    QVERIFY(
        service.applyImport(service.planImport(kHeader + "CUST-1,ana@x.com,,,,11,\nCUST-2,bob@x.com,,,,12,\n",
                                               QStringLiteral("a.csv")),
                            QString(), &error));
    for (const QString& query : {QStringLiteral("zz"), QStringLiteral("john.smith99"),
                                 QStringLiteral("+44 20"), QStringLiteral("cust")}) {
        const std::optional<QStringList> plan = sql->explainFindSubjects(query, &error);
        QVERIFY2(plan, qPrintable(error));
        QVERIFY(!plan->isEmpty());
        const QString text = plan->join(u'\n');
        // SQLite: "SEARCH … USING PRIMARY KEY/INDEX", never "SCAN <table>"; PostgreSQL: index scans, no
        // "Seq Scan".
        QVERIFY2(!text.contains(QLatin1String("SCAN subject")) && !text.contains(QLatin1String("Seq Scan")),
                 qPrintable(query + u'\n' + text));
        QVERIFY2(text.contains(QLatin1String("subject_terms")) ||
                     text.contains(QLatin1String("subject_terms_pkey")),
                 qPrintable(text));
        // PostgreSQL runs one statement prepared once: its generic plan (parameters unknown, as after a
        // few runs) is explained too, and it reads the same index ranges.
        if (m_store->backend() != QLatin1String("sqlite"))
            QVERIFY2(text.contains(QLatin1String("Index Only Scan using subject_terms_pkey")) &&
                         text.contains(QLatin1String("term >= $")),
                     qPrintable(text));
    }
}

void TestSubjectsImport::longFileIsSpooledAndStillNamesEveryBadLine()
{
    // Longer than the rows a report holds: the good rows go to the spool, every refused one stays.
    constexpr int kRows = SubjectImportReport::kListedRows + 1500;
    QByteArray csv = "subject,email,trustswiftly,name\n";
    for (int i = 1; i <= kRows; ++i) {
        // Line 2,401 gives row 3's Trust Swiftly id again; line 2,451 repeats row 5's reference.
        const int ts = i == 2400 ? 3 : i;
        const QByteArray ref = i == 2450 ? QByteArray("L-5") : "L-" + QByteArray::number(i);
        csv += ref + ",p" + QByteArray::number(i) + "@x.com," + QByteArray::number(ts) + ",Name " +
               QByteArray::number(i) + '\n';
    }
    SubjectService service(*m_store, officer());
    QList<qint64> seen;
    const SubjectImportReport report =
        service.planImport(csv, QStringLiteral("long.csv"), [&seen](qint64 done, qint64 total) {
            seen << done;
            return total == 0 || done <= total;
        });
    QVERIFY2(report.fileProblem.isEmpty(), qPrintable(report.fileProblem));
    QVERIFY(report.spool);
    QCOMPARE(report.count(SubjectImportReport::Row::Kind::New), kRows - 2);
    QCOMPARE(report.count(SubjectImportReport::Row::Kind::Conflicting), 1);
    QCOMPARE(report.count(SubjectImportReport::Row::Kind::Bad), 1);
    QCOMPARE(report.rows.size(), qsizetype(SubjectImportReport::kListedRows + 2));
    QVERIFY(seen.size() >= kRows / 500 && seen.constLast() == kRows);
    const SubjectImportReport::Row& conflicting = report.rows.at(report.rows.size() - 2);
    QCOMPARE(conflicting.line, 2401);
    QVERIFY2(conflicting.problems.join(u' ').contains(QStringLiteral("line 4 for subject “L-3”")),
             qPrintable(conflicting.problems.join(u' ')));
    QCOMPARE(report.rows.constLast().line, 2451);
    QVERIFY2(report.rows.constLast().problems.join(u' ').contains(QStringLiteral("already on line 6")),
             qPrintable(report.rows.constLast().problems.join(u' ')));
    // Every row, in file order, from memory and the spool.
    SubjectImportRows rows(report);
    int count = 0;
    int lastLine = 1;
    while (const SubjectImportReport::Row* r = rows.next()) {
        QVERIFY(r->line > lastLine);
        lastLine = r->line;
        ++count;
    }
    QVERIFY2(rows.error().isEmpty(), qPrintable(rows.error()));
    QCOMPARE(count, kRows);
    QString error;
    QVERIFY(!service.applyImport(report, QStringLiteral("long"), &error));
    QVERIFY2(error.contains(QStringLiteral("line 2401")) && error.contains(QStringLiteral("line 2451")),
             qPrintable(error));
    QCOMPARE(m_store->findSubjects(QString(), 0, 10, &error)->size(), 0);

    // The same file without its two bad lines imports every row, read back from the spool.
    QByteArray good = "subject,email,trustswiftly,name\n";
    for (int i = 1; i <= kRows; ++i)
        good += "L-" + QByteArray::number(i) + ",p" + QByteArray::number(i) + "@x.com," +
                QByteArray::number(i) + ",Name " + QByteArray::number(i) + '\n';
    const SubjectImportReport clean = service.planImport(good, QStringLiteral("long.csv"));
    QVERIFY(clean.isImportable() && clean.spool);
    QVERIFY2(service.applyImport(clean, QStringLiteral("long"), &error), qPrintable(error));
    QCOMPARE(m_store->findSubjects(QString(), 0, kRows + 10, &error)->size(), qsizetype(kRows));
    const auto last = m_store->subject(QStringLiteral("L-%1").arg(kRows), &error);
    QVERIFY(last && last->email == QStringLiteral("p%1@x.com").arg(kRows) &&
            last->idAt(QStringLiteral("trustswiftly")) == QString::number(kRows));
}

void TestSubjectsImport::csvReaderKeepsCharactersCutByAChunk()
{
    // The reader takes 1 MiB at a time: put a two-byte and a four-byte character across that boundary.
    constexpr qsizetype kChunk = 1 << 20;
    QByteArray csv = "subject,name\nA-1,";
    csv += QByteArray(kChunk - 1 - csv.size(), 'x') + "\xC3\xA9" + QByteArray(kChunk - 2, 'y') +
           "\xF0\x9F\x98\x80\nA-2,\"two\nlines\"\n";
    QBuffer buffer(&csv);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    SubjectCsvReader reader(&buffer);
    QList<SubjectCsv::Record> records;
    SubjectCsv::Record record;
    while (reader.next(&record))
        records << record;
    QVERIFY2(reader.error().isEmpty(), qPrintable(reader.error()));
    QCOMPARE(records.size(), 3);
    const QString name = records.at(1).fields.at(1);
    QVERIFY(name.contains(QChar(0xE9)) && name.endsWith(QString::fromUtf8("\xF0\x9F\x98\x80")));
    QVERIFY(!name.contains(QChar(QChar::ReplacementCharacter)));
    QCOMPARE(records.at(2).line, 3);
    QCOMPARE(records.at(2).fields.at(1), QStringLiteral("two\nlines"));
    QCOMPARE(SubjectCsv::parse(QString::fromUtf8(csv), nullptr).size(), 3);
}

QTEST_GUILESS_MAIN(TestSubjectsImport)
#include "tst_subjects_import.moc"
