// SPDX-License-Identifier: GPL-3.0-or-later
// Population: deterministic users from (N, seed) and fast, exact search.
#include "Population.h"
#include "trustswiftly/TrustSwiftlyEmulator.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

namespace {

const QStringList& workflows()
{
    static const QStringList ids = TrustSwiftlyEmulator::onboardingWorkflowIds();
    return ids;
}

/// The reference the fast search must agree with: every field spelled out, compared naively.
bool bruteForceMatch(const PopulationUser& user, const QString& query)
{
    return user.firstName.toLower().contains(query) || user.lastName.toLower().contains(query) ||
           (user.firstName + u' ' + user.lastName).toLower().contains(query) || user.email.contains(query) ||
           user.referenceId.toLower().contains(query) || QString::number(user.id) == query;
}

std::vector<PopulationUser> everyone(const Population& population)
{
    std::vector<PopulationUser> users;
    for (quint32 id = 1; id <= population.size(); ++id)
        users.push_back(population.user(id));
    return users;
}

std::vector<quint32> bruteForce(const std::vector<PopulationUser>& users, const QString& text)
{
    const QString query = text.trimmed().toLower();
    std::vector<quint32> ids;
    for (const PopulationUser& user : users) {
        if (query.isEmpty() || bruteForceMatch(user, query))
            ids.push_back(user.id);
    }
    return ids;
}

bool sameUser(const PopulationUser& a, const PopulationUser& b)
{
    return a.id == b.id && a.referenceId == b.referenceId && a.firstName == b.firstName &&
           a.lastName == b.lastName && a.email == b.email && a.phone == b.phone && a.status == b.status &&
           a.currentWorkflowId == b.currentWorkflowId;
}

} // namespace

class TestPopulation final : public QObject
{
    Q_OBJECT

private slots:
    void sameSeedSameUsers();
    void differentSeedDifferentUsers();
    void usersDoNotDependOnSize();
    void userFieldsAreWellFormed();
    void namesAreVaried();
    void searchMatchesBruteForce_data();
    void searchMatchesBruteForce();
    void searchMatchesSubstringsOfRealUsers();
    void searchPagesAreSlicesOfTheMatches();
    void attributesOverlay();
    void millionUsersBuildAndSearchQuickly();
};

void TestPopulation::sameSeedSameUsers()
{
    const Population a(2000, 7, workflows());
    const Population b(2000, 7, workflows());
    QCOMPARE(a.size(), 2000u);
    for (quint32 id = 1; id <= a.size(); ++id)
        QVERIFY2(sameUser(a.user(id), b.user(id)), qPrintable(QString::number(id)));
}

void TestPopulation::differentSeedDifferentUsers()
{
    const Population a(2000, 7, workflows());
    const Population b(2000, 8, workflows());
    int differentNames = 0;
    for (quint32 id = 1; id <= a.size(); ++id) {
        if (a.user(id).firstName != b.user(id).firstName || a.user(id).lastName != b.user(id).lastName)
            ++differentNames;
    }
    QVERIFY2(differentNames > 1900, qPrintable(QString::number(differentNames)));
}

void TestPopulation::usersDoNotDependOnSize()
{
    const Population small(100, 3, workflows());
    const Population large(5000, 3, workflows());
    for (quint32 id = 1; id <= small.size(); ++id)
        QVERIFY(sameUser(small.user(id), large.user(id)));
    QVERIFY(!small.contains(0));
    QVERIFY(!small.contains(101));
    QCOMPARE(small.user(101).id, 0u);
}

void TestPopulation::userFieldsAreWellFormed()
{
    const Population population(3000, 11, workflows());
    const QRegularExpression email(QStringLiteral("^[a-z]+\\.[a-z]+[0-9]+@example\\.com$"));
    const QRegularExpression reference(QStringLiteral("^REF-[0-9]{6,}$"));
    const QRegularExpression phone(QStringLiteral("^\\+[0-9]{9,14}$"));
    const QStringList statuses = Population::statuses();
    QSet<QString> seenStatuses;
    QSet<QString> seenWorkflows;
    for (quint32 id = 1; id <= population.size(); ++id) {
        const PopulationUser user = population.user(id);
        QCOMPARE(user.id, id);
        QVERIFY2(email.match(user.email).hasMatch(), qPrintable(user.email));
        QVERIFY(user.email.endsWith(QString::number(id) + QStringLiteral("@example.com")));
        QVERIFY2(reference.match(user.referenceId).hasMatch(), qPrintable(user.referenceId));
        QCOMPARE(user.referenceId.mid(4).toUInt(), id);
        QVERIFY2(phone.match(user.phone).hasMatch(), qPrintable(user.phone));
        QVERIFY(statuses.contains(user.status));
        QVERIFY(workflows().contains(user.currentWorkflowId));
        QVERIFY(!user.firstName.isEmpty() && !user.lastName.isEmpty());
        seenStatuses.insert(user.status);
        seenWorkflows.insert(user.currentWorkflowId);
    }
    QCOMPARE(population.user(12).referenceId, QStringLiteral("REF-000012"));
    QCOMPARE(seenStatuses.size(), statuses.size());
    QCOMPARE(seenWorkflows.size(), workflows().size());
}

void TestPopulation::namesAreVaried()
{
    QVERIFY(Population::firstNameCount() >= 150);
    QVERIFY(Population::lastNameCount() >= 150);
    const Population population(20000, 5, workflows());
    QSet<QString> firsts;
    QSet<QString> lasts;
    bool nonAscii = false;
    for (quint32 id = 1; id <= population.size(); ++id) {
        const PopulationUser user = population.user(id);
        firsts.insert(user.firstName);
        lasts.insert(user.lastName);
        nonAscii = nonAscii || user.firstName.toLatin1() != user.firstName.toUtf8();
    }
    QCOMPARE(firsts.size(), Population::firstNameCount());
    QCOMPARE(lasts.size(), Population::lastNameCount());
    QVERIFY(nonAscii); // accented names exist, and their e-mail addresses are still ASCII
}

void TestPopulation::searchMatchesBruteForce_data()
{
    QTest::addColumn<QString>("query");
    const QStringList queries = {
        QString(),
        QStringLiteral("   "),
        QStringLiteral("a"),
        QStringLiteral("ana"),
        QStringLiteral("SILVA"),
        QStringLiteral("joão"),
        QStringLiteral("JOÃO"),
        QStringLiteral("joao"),
        QStringLiteral("ndèye"),
        QStringLiteral("ndeye"),
        QStringLiteral("é"),
        QStringLiteral("ana silva"),
        QStringLiteral("  Kofi Mensah "),
        QStringLiteral("o m"),
        QStringLiteral("ana.silva"),
        QStringLiteral("thabo."),
        QStringLiteral("o.s"),
        QStringLiteral(".com"),
        QStringLiteral("example"),
        QStringLiteral("@"),
        QStringLiteral("@example.com"),
        QStringLiteral("ref"),
        QStringLiteral("ref-"),
        QStringLiteral("-"),
        QStringLiteral("f-0"),
        QStringLiteral("REF-001"),
        QStringLiteral("ref-0012"),
        QStringLiteral("12"),
        QStringLiteral("123"),
        QStringLiteral("0012"),
        QStringLiteral("1999"),
        QStringLiteral("7"),
        QStringLiteral("1@"),
        QStringLiteral("9@ex"),
        QStringLiteral("a1"),
        QStringLiteral("e2"),
        QStringLiteral("silva1"),
        QStringLiteral("é1"),
        QStringLiteral("q"),
        QStringLiteral("zz"),
        QStringLiteral("qqq"),
        QStringLiteral("xyz@example.com"),
        QStringLiteral("kamau mw"),
        QStringLiteral("ç"),
        QStringLiteral("ü"),
        QStringLiteral("0"),
        QStringLiteral("00"),
        QStringLiteral("000000"),
        QStringLiteral("0000000"),
        QStringLiteral("2500"),
        QStringLiteral("2501"),
        QStringLiteral("a.b1"),
        QStringLiteral("va12@"),
        QStringLiteral("2@example.com"),
        QStringLiteral("1@example.co"),
        QStringLiteral("@example.com1"),
        QStringLiteral("ref-1"),
        QStringLiteral("f-00"),
        QStringLiteral("-0001"),
        QStringLiteral("e-0"),
        QStringLiteral("a1@"),
        QStringLiteral("a12@e"),
        QStringLiteral(".silva1"),
        QStringLiteral("1.2"),
        QStringLiteral("a1b"),
        QStringLiteral("12@x"),
        QStringLiteral("@1"),
        QStringLiteral("é12"),
        QStringLiteral("ref-002500"),
        QStringLiteral("REF-0025001"),
        QStringLiteral("99999999999"),
    };
    for (const QString& query : queries)
        QTest::newRow(qPrintable(QStringLiteral("'%1'").arg(query))) << query;
}

void TestPopulation::searchMatchesBruteForce()
{
    QFETCH(QString, query);
    Population population(2500, 3, workflows());
    const std::vector<quint32> expected = bruteForce(everyone(population), query);
    const Population::SearchResult result = population.search(query, 0, population.size());
    QCOMPARE(result.total, static_cast<quint32>(expected.size()));
    QVERIFY(result.ids == expected);
}

void TestPopulation::searchMatchesSubstringsOfRealUsers()
{
    Population population(2500, 9, workflows());
    const std::vector<PopulationUser> users = everyone(population);
    for (quint32 id = 1; id <= population.size(); id += 97) {
        const PopulationUser user = population.user(id);
        const QString full = user.firstName + u' ' + user.lastName;
        const QStringList fragments = {
            full.mid(1, 5),
            full.right(6).toUpper(),
            user.email.left(8),
            user.email.mid(2, 9),
            user.email.mid(user.email.indexOf(u'@') - 3, 6),
            user.referenceId.right(5),
            QString::number(id),
            user.lastName.left(3),
        };
        for (const QString& fragment : fragments) {
            const std::vector<quint32> expected = bruteForce(users, fragment);
            const Population::SearchResult result = population.search(fragment, 0, population.size());
            QVERIFY2(result.ids == expected, qPrintable(fragment));
            QVERIFY2(std::find(result.ids.begin(), result.ids.end(), id) != result.ids.end(),
                     qPrintable(fragment));
        }
    }
}

void TestPopulation::searchPagesAreSlicesOfTheMatches()
{
    Population population(3000, 4, workflows());
    const std::vector<quint32> all = population.search(QStringLiteral("an"), 0, 3000).ids;
    QVERIFY(all.size() > 100);
    for (quint32 offset = 0; offset < all.size() + 20; offset += 37) {
        const Population::SearchResult page = population.search(QStringLiteral("AN"), offset, 37);
        QCOMPARE(page.total, static_cast<quint32>(all.size()));
        const size_t end = qMin<size_t>(all.size(), offset + 37);
        const std::vector<quint32> expected(all.begin() + qMin<size_t>(offset, all.size()),
                                            all.begin() + end);
        QVERIFY(page.ids == expected);
    }
    const Population::SearchResult everyone = population.search(QString(), 2990, 50);
    QCOMPARE(everyone.total, 3000u);
    QCOMPARE(everyone.ids.size(), size_t(10));
    QCOMPARE(everyone.ids.front(), 2991u);
    QCOMPARE(everyone.ids.back(), 3000u);
    QVERIFY(population.search(QString(), 5000, 50).ids.empty());
}

void TestPopulation::attributesOverlay()
{
    Population population(10, 1, workflows());
    const QString key = QStringLiteral("trustswiftly.re_verify_workflow_id");
    QVERIFY(!population.attribute(3, key).isValid());
    population.setAttribute(3, key, QStringLiteral("flow_Mjk"));
    QCOMPARE(population.attribute(3, key).toString(), QStringLiteral("flow_Mjk"));
    QCOMPARE(population.user(3).attributes.value(key).toString(), QStringLiteral("flow_Mjk"));
    QVERIFY(population.user(4).attributes.isEmpty());
    population.setAttribute(99, key, QStringLiteral("x")); // unknown users are ignored
    QVERIFY(!population.attribute(99, key).isValid());
    population.setAttribute(3, key, QVariant());
    QVERIFY(!population.attribute(3, key).isValid());
}

void TestPopulation::millionUsersBuildAndSearchQuickly()
{
    QElapsedTimer clock;
    clock.start();
    Population population(Population::kMaxUsers, 1, workflows());
    const qint64 buildMs = clock.elapsed();
    qInfo("built %u users in %lld ms", population.size(), buildMs);
    QCOMPARE(population.user(Population::kMaxUsers).referenceId, QStringLiteral("REF-1000000"));

    const QString email = population.user(123456).email;
    const QStringList queries = {QStringLiteral("silva"),
                                 QStringLiteral("ana silva"),
                                 QStringLiteral("é"),
                                 QStringLiteral("12345"),
                                 QStringLiteral("ref-00042"),
                                 QStringLiteral("@example"),
                                 email.mid(email.indexOf(u'@') - 6, 10),
                                 QStringLiteral("0042"),
                                 QStringLiteral("a1")};
    for (const QString& query : queries) {
        clock.restart();
        const Population::SearchResult first = population.search(query, 0, 100);
        const qint64 firstMs = clock.elapsed();
        clock.restart();
        const Population::SearchResult second = population.search(query, 100, 100);
        const qint64 nextMs = clock.elapsed();
        qInfo("search '%s': %u matches, first page %lld ms, next page %lld ms", qPrintable(query),
              first.total, firstMs, nextMs);
        QCOMPARE(second.total, first.total);
        QVERIFY(!first.ids.empty());
    }
}

QTEST_GUILESS_MAIN(TestPopulation)
#include "tst_population.moc"
