// SPDX-License-Identifier: GPL-3.0-or-later
// The one definition of SDK.Finance's reset fields (seed 003): tree, leaves, presets, validation.
#include "providers/sdkfinance/ProfileSchema.h"

#include <QJsonDocument>
#include <QTest>

namespace {
/// The profile of seed 003's response example, as SDK.Finance documents it.
const char* const kSeedProfile = R"({
 "person":{"namePlain":{"first":"string","last":"string","middle":"string"},
           "nameIntl":{"first":"string","last":"string","middle":"string"},"description":"string"},
 "contact":{"id":"string","nickname":"string","firstName":"string","lastName":"string","address":"string",
            "city":"string","country":"string","postCode":"string","email":"string","phoneNumber":"string",
            "photoPath":"string",
            "socialMedias":[{"id":"string","socialMediaType":"string","socialMediaReference":"string"}],
            "accountNumber":"string","swiftBic":"string","ownerId":"string","linkedUserId":"string"},
 "type":"base","status":"none",
 "business":{"companyName":"string","legal":"individual","type":"eshop","vat":"string",
             "administrator":{"firstName":"string","lastName":"string","email":"string","phone":"string"}},
 "address":{"country":"AD","zipCode":"string","city":"string","street":"string","houseNumber":"string"},
 "additional":{},
 "security":{"twoFactorsAuthEnabled":false,"transactionNotification":{"phone":false,"email":false},
             "authorizationNotification":{"phone":false,"email":false}}})";

/// Every leaf path of a JSON document (arrays contribute their elements' paths without an index).
void collectLeaves(const QJsonValue& value, const QString& path, QStringList* out)
{
    if (value.isObject() && !value.toObject().isEmpty()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            collectLeaves(it.value(), path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key(), out);
    } else if (value.isArray()) {
        for (const QJsonValue& element : value.toArray())
            collectLeaves(element, path, out);
    } else if (!out->contains(path)) {
        *out << path;
    }
}
} // namespace

class TestProfileSchema final : public QObject
{
    Q_OBJECT

private slots:
    void topLevelBranches();
    void children();
    void leaves();
    void everyLeafOfTheSeedDocumentExceptSystemFields();
    void knownLeaves_data();
    void knownLeaves();
    void interiorNodeIsNotAField();
    void validateExplains();
    void normalizedKeepsOrderWithoutDuplicates();
    void presets();
    void valueAtAndSetValueAt();
    void labels();
};

void TestProfileSchema::topLevelBranches()
{
    QCOMPARE(ProfileSchema::topLevel(),
             (QStringList{QStringLiteral("person"), QStringLiteral("contact"), QStringLiteral("business"),
                          QStringLiteral("address"), QStringLiteral("additional")}));
}

void TestProfileSchema::children()
{
    QCOMPARE(ProfileSchema::children(QStringLiteral("person")),
             (QStringList{QStringLiteral("person.namePlain"), QStringLiteral("person.nameIntl"),
                          QStringLiteral("person.description")}));
    QCOMPARE(ProfileSchema::children(QStringLiteral("contact.socialMedias")),
             (QStringList{QStringLiteral("contact.socialMedias.id"),
                          QStringLiteral("contact.socialMedias.socialMediaType"),
                          QStringLiteral("contact.socialMedias.socialMediaReference")}));
    QCOMPARE(ProfileSchema::children(QStringLiteral("business")).size(), 5);
    QVERIFY(ProfileSchema::children(QStringLiteral("person.namePlain.first")).isEmpty());
    QVERIFY(ProfileSchema::children(QStringLiteral("additional")).isEmpty());
    QVERIFY(ProfileSchema::children(QStringLiteral("security")).isEmpty());
    QVERIFY(ProfileSchema::children(QStringLiteral("nothing")).isEmpty());
    QVERIFY(ProfileSchema::isList(QStringLiteral("contact.socialMedias")));
    QVERIFY(!ProfileSchema::isList(QStringLiteral("contact")));
}

void TestProfileSchema::leaves()
{
    const QStringList all = ProfileSchema::leaves();
    QCOMPARE(all.size(), 39); // person 7, contact 18, business 8, address 5, additional 1
    QCOMPARE(ProfileSchema::leaves(QStringLiteral("person.namePlain")),
             (QStringList{QStringLiteral("person.namePlain.first"), QStringLiteral("person.namePlain.last"),
                          QStringLiteral("person.namePlain.middle")}));
    QCOMPARE(ProfileSchema::leaves(QStringLiteral("address")),
             (QStringList{QStringLiteral("address.country"), QStringLiteral("address.zipCode"),
                          QStringLiteral("address.city"), QStringLiteral("address.street"),
                          QStringLiteral("address.houseNumber")}));
    QCOMPARE(ProfileSchema::leaves(QStringLiteral("business.administrator")).size(), 4);
    QCOMPARE(ProfileSchema::leaves(QStringLiteral("contact")).size(), 18);
    // A leaf's leaves are itself; "person.name" is not a node, so nothing is under it.
    QCOMPARE(ProfileSchema::leaves(QStringLiteral("business.vat")),
             QStringList{QStringLiteral("business.vat")});
    QVERIFY(ProfileSchema::leaves(QStringLiteral("person.name")).isEmpty());
    QVERIFY(ProfileSchema::leaves(QStringLiteral("security")).isEmpty());
    // Every leaf is inside groups the tree knows, and no leaf is another leaf's prefix.
    for (const QString& leaf : all) {
        QVERIFY2(!leaf.startsWith(QLatin1String("profile.")), qPrintable(leaf));
        for (QString parent = ProfileSchema::parentOf(leaf); !parent.isEmpty();
             parent = ProfileSchema::parentOf(parent)) {
            QVERIFY2(ProfileSchema::contains(parent) && !ProfileSchema::isLeaf(parent), qPrintable(parent));
            QVERIFY(ProfileSchema::children(parent).contains(leaf) ||
                    ProfileSchema::leaves(parent).contains(leaf));
        }
        QVERIFY(!ProfileSchema::isSystemField(leaf));
    }
}

void TestProfileSchema::everyLeafOfTheSeedDocumentExceptSystemFields()
{
    QJsonParseError error{};
    const QJsonDocument seed = QJsonDocument::fromJson(kSeedProfile, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QStringList seedLeaves;
    collectLeaves(seed.object(), QString(), &seedLeaves);
    QStringList offered;
    for (const QString& leaf : seedLeaves)
        if (!ProfileSchema::isSystemField(leaf))
            offered << leaf;
    offered.sort();
    QStringList schema = ProfileSchema::leaves();
    schema.sort();
    QCOMPARE(schema, offered);
    for (const QString& leaf : ProfileSchema::leaves())
        QVERIFY2(!ProfileSchema::valueAt(seed.object(), leaf).isUndefined(), qPrintable(leaf));
}

void TestProfileSchema::knownLeaves_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("known");
    QTest::newRow("first name") << QStringLiteral("person.namePlain.first") << true;
    QTest::newRow("intl middle") << QStringLiteral("person.nameIntl.middle") << true;
    QTest::newRow("social type") << QStringLiteral("contact.socialMedias.socialMediaType") << true;
    QTest::newRow("social reference") << QStringLiteral("contact.socialMedias.socialMediaReference") << true;
    QTest::newRow("social id") << QStringLiteral("contact.socialMedias.id") << true;
    QTest::newRow("admin phone") << QStringLiteral("business.administrator.phone") << true;
    QTest::newRow("house number") << QStringLiteral("address.houseNumber") << true;
    QTest::newRow("additional") << QStringLiteral("additional") << true;
    QTest::newRow("prefixed") << QStringLiteral("profile.person.namePlain.first") << false;
    QTest::newRow("indexed") << QStringLiteral("contact.socialMedias.0.socialMediaType") << false;
    QTest::newRow("wrong case") << QStringLiteral("person.nameplain.first") << false;
    QTest::newRow("typo") << QStringLiteral("address.zip") << false;
    QTest::newRow("inside additional") << QStringLiteral("additional.note") << false;
    QTest::newRow("system type") << QStringLiteral("type") << false;
    QTest::newRow("system status") << QStringLiteral("status") << false;
    QTest::newRow("security") << QStringLiteral("security.twoFactorsAuthEnabled") << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("trailing dot") << QStringLiteral("address.city.") << false;
}

void TestProfileSchema::knownLeaves()
{
    QFETCH(QString, path);
    QFETCH(bool, known);
    QCOMPARE(ProfileSchema::isKnownLeaf(path), known);
    QCOMPARE(ProfileSchema::isLeaf(path), known);
    QCOMPARE(ProfileSchema::unknownFields({path}).isEmpty(), known);
    QCOMPARE(ProfileSchema::validate({path}).isEmpty(), known);
}

void TestProfileSchema::interiorNodeIsNotAField()
{
    for (const QString& node : {QStringLiteral("person"), QStringLiteral("person.namePlain"),
                                QStringLiteral("contact.socialMedias"),
                                QStringLiteral("business.administrator"), QStringLiteral("address")}) {
        QVERIFY2(ProfileSchema::contains(node), qPrintable(node));
        QVERIFY2(!ProfileSchema::isLeaf(node), qPrintable(node));
        QVERIFY2(!ProfileSchema::isKnownLeaf(node), qPrintable(node));
        const QString why = ProfileSchema::validate({QStringLiteral("address.city"), node});
        QVERIFY2(why.contains(node) && why.contains(QLatin1String("group")), qPrintable(why));
        // The message names the fields to choose instead.
        QVERIFY2(why.contains(ProfileSchema::leaves(node).first()), qPrintable(why));
    }
}

void TestProfileSchema::validateExplains()
{
    QVERIFY(
        ProfileSchema::validate({QStringLiteral("person.namePlain.first"), QStringLiteral("address.country")})
            .isEmpty());
    QVERIFY(ProfileSchema::validate({}).contains(QLatin1String("at least one")));
    const QString unknown =
        ProfileSchema::validate({QStringLiteral("address.country"), QStringLiteral("addres.city")});
    QVERIFY2(unknown.contains(QLatin1String("'addres.city'")) &&
                 unknown.contains(QLatin1String("not a field")),
             qPrintable(unknown));
    const QString system = ProfileSchema::validate({QStringLiteral("security.twoFactorsAuthEnabled")});
    QVERIFY2(system.contains(QLatin1String("system field")), qPrintable(system));
    QCOMPARE(ProfileSchema::unknownFields(
                 {QStringLiteral("a"), QStringLiteral("address.city"), QStringLiteral("b")}),
             (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
}

void TestProfileSchema::normalizedKeepsOrderWithoutDuplicates()
{
    QCOMPARE(ProfileSchema::normalized({QStringLiteral(" address.country"),
                                        QStringLiteral("person.namePlain.first"),
                                        QStringLiteral("address.country"), QString()}),
             (QStringList{QStringLiteral("address.country"), QStringLiteral("person.namePlain.first")}));
}

void TestProfileSchema::presets()
{
    const QList<ProfileSchema::Preset> presets = ProfileSchema::presets();
    QCOMPARE(presets.size(), 3);
    QCOMPARE(presets.at(0).name, QStringLiteral("Identity document fields"));
    QCOMPARE(presets.at(1).name, QStringLiteral("Address only"));
    QCOMPARE(presets.at(2).name, QStringLiteral("Everything personal"));
    for (const ProfileSchema::Preset& p : presets) {
        QVERIFY(!p.fields.isEmpty());
        QVERIFY2(ProfileSchema::validate(p.fields).isEmpty(), qPrintable(p.id));
        QCOMPARE(ProfileSchema::normalized(p.fields), p.fields);
        QVERIFY(!p.description.isEmpty());
    }
    QCOMPARE(presets.at(0).fields, ProfileSchema::leaves(QStringLiteral("person.namePlain")) +
                                       ProfileSchema::leaves(QStringLiteral("person.nameIntl")));
    QCOMPARE(presets.at(1).fields, ProfileSchema::leaves(QStringLiteral("address")));
    const QStringList personal = presets.at(2).fields;
    QCOMPARE(personal, ProfileSchema::leaves(QStringLiteral("person")) +
                           ProfileSchema::leaves(QStringLiteral("contact")) +
                           ProfileSchema::leaves(QStringLiteral("address")));
    for (const QString& f : personal)
        QVERIFY2(!f.startsWith(QLatin1String("business")) && f != QLatin1String("additional"), qPrintable(f));
    QCOMPARE(ProfileSchema::preset(QStringLiteral("address"))->fields, presets.at(1).fields);
    QCOMPARE(ProfileSchema::preset(QStringLiteral("everything personal"))->id, QStringLiteral("personal"));
    QVERIFY(!ProfileSchema::preset(QStringLiteral("nope")));
}

void TestProfileSchema::valueAtAndSetValueAt()
{
    QJsonObject doc;
    for (const QString& leaf : ProfileSchema::leaves())
        ProfileSchema::setValueAt(&doc, leaf,
                                  leaf == QLatin1String("additional") ? QJsonValue(QJsonObject())
                                                                      : QJsonValue(leaf.toUpper()));
    QVERIFY(doc.value(QStringLiteral("contact")).toObject().value(QStringLiteral("socialMedias")).isArray());
    QCOMPARE(doc.value(QStringLiteral("contact"))
                 .toObject()
                 .value(QStringLiteral("socialMedias"))
                 .toArray()
                 .size(),
             1);
    QCOMPARE(ProfileSchema::valueAt(doc, QStringLiteral("person.namePlain.first")).toString(),
             QStringLiteral("PERSON.NAMEPLAIN.FIRST"));
    QCOMPARE(ProfileSchema::valueAt(doc, QStringLiteral("contact.socialMedias.socialMediaType")).toArray(),
             QJsonArray{QStringLiteral("CONTACT.SOCIALMEDIAS.SOCIALMEDIATYPE")});
    QVERIFY(ProfileSchema::valueAt(doc, QStringLiteral("security.twoFactorsAuthEnabled")).isUndefined());
    QVERIFY(ProfileSchema::valueAt(doc, QStringLiteral("additional")).isObject());
}

void TestProfileSchema::labels()
{
    QCOMPARE(ProfileSchema::label(QStringLiteral("address.zipCode")), QStringLiteral("ZIP code"));
    QCOMPARE(ProfileSchema::label(QStringLiteral("person")), QStringLiteral("Person"));
    QCOMPARE(ProfileSchema::label(QStringLiteral("x.unknownThing")), QStringLiteral("unknownThing"));
    for (const QString& leaf : ProfileSchema::leaves())
        QVERIFY(!ProfileSchema::label(leaf).isEmpty());
}

QTEST_GUILESS_MAIN(TestProfileSchema)
#include "tst_sdkfinance_profileschema.moc"
