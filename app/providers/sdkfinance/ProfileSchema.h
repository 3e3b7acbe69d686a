// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Header-only on purpose: the sandbox (which does not link the core) includes this very file, so the
// client, its validation and the emulator share one definition of the profile document. Keep it free
// of any include outside QtCore.

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

/// The fields of SDK.Finance's profile document (seed 003) that a reset can ask a user to submit
/// again, as a tree of dotted paths without the "profile." prefix. Leaves are the fields; interior
/// nodes (person, person.namePlain, …) are groups and never fields themselves. List elements are
/// addressed without an index (contact.socialMedias.socialMediaType). `additional` is an object
/// with no fixed keys, so it is one leaf as a whole. The system fields type, status and security.*
/// are not offered.
class ProfileSchema final
{
    Q_DECLARE_TR_FUNCTIONS(ProfileSchema)

public:
    enum class Kind
    {
        Group,      ///< an object with fixed children
        List,       ///< an array of objects; its children describe one element
        Text,       ///< a string leaf
        OpenObject, ///< an object with no fixed keys, asked for as a whole (additional)
    };

    /// A named selection of fields for the reset dialog and the CLI.
    struct Preset
    {
        QString id;          ///< "identity-document", "address", "personal"
        QString name;        ///< for people, translated
        QString description; ///< what it selects and why, translated
        QStringList fields;  ///< leaves, in document order
    };

    ProfileSchema() = delete;

    /// The top-level branches: person, contact, business, address, additional.
    static QStringList topLevel() { return children(QString()); }

    /// The direct children of a node (full paths, document order); the empty path is the root.
    /// Empty for a leaf or an unknown path.
    static QStringList children(const QString& node)
    {
        QStringList result;
        for (const Node& n : nodes()) {
            const QString path = QLatin1String(n.path);
            if (parentOf(path) == node)
                result << path;
        }
        return result;
    }

    /// Every leaf at or below a node, in document order; the empty path gives all leaves. Empty for
    /// an unknown path.
    static QStringList leaves(const QString& node = QString())
    {
        QStringList result;
        for (const Node& n : nodes()) {
            const QString path = QLatin1String(n.path);
            if (!isLeafKind(n.kind))
                continue;
            if (node.isEmpty() || path == node || path.startsWith(node + QLatin1Char('.')))
                result << path;
        }
        return result;
    }

    /// True for any node of the tree, group or leaf.
    static bool contains(const QString& path) { return find(path) != nullptr; }
    /// True for a node without children (a field). False for groups and unknown paths.
    static bool isLeaf(const QString& path)
    {
        const Node* n = find(path);
        return n && isLeafKind(n->kind);
    }
    /// The check every reset field goes through before anything is sent: a known leaf.
    static bool isKnownLeaf(const QString& path) { return isLeaf(path); }
    /// True for contact.socialMedias: an array whose elements hold the children.
    static bool isList(const QString& path)
    {
        const Node* n = find(path);
        return n && n->kind == Kind::List;
    }
    /// The kind of a known node; nullopt for an unknown path.
    static std::optional<Kind> kind(const QString& path)
    {
        const Node* n = find(path);
        return n ? std::optional<Kind>(n->kind) : std::nullopt;
    }
    /// True for the document's system fields (type, status, security.*), which are never offered.
    static bool isSystemField(const QString& path)
    {
        for (const char* root : {"type", "status", "security"}) {
            const QString r = QLatin1String(root);
            if (path == r || path.startsWith(r + QLatin1Char('.')))
                return true;
        }
        return false;
    }

    /// "person.namePlain" for "person.namePlain.first"; empty for a top-level path.
    static QString parentOf(const QString& path)
    {
        const qsizetype dot = path.lastIndexOf(QLatin1Char('.'));
        return dot < 0 ? QString() : path.left(dot);
    }

    /// A short label for people ("First name"), translated; the last path segment if unknown.
    static QString label(const QString& path)
    {
        const Node* n = find(path);
        return n ? tr(n->label) : path.mid(path.lastIndexOf(QLatin1Char('.')) + 1);
    }

    /// The paths that are not known leaves, in the order given.
    static QStringList unknownFields(const QStringList& paths)
    {
        QStringList result;
        for (const QString& p : paths)
            if (!isKnownLeaf(p))
                result << p;
        return result;
    }

    /// Why this list of fields cannot be sent (none, an unknown path, a group, a system field);
    /// empty when every path is a known leaf and there is at least one.
    static QString validate(const QStringList& paths)
    {
        if (paths.isEmpty())
            return tr("Choose at least one profile field the user must submit again.");
        for (const QString& p : paths) {
            if (isKnownLeaf(p))
                continue;
            if (contains(p))
                return tr("'%1' is a group of fields, not a field: choose its fields instead (%2).")
                    .arg(p, leaves(p).join(QStringLiteral(", ")));
            if (isSystemField(p))
                return tr("'%1' is a system field of the profile and cannot be asked for.").arg(p);
            return tr("'%1' is not a field of the SDK.Finance profile (a field is the dotted path of a leaf, "
                      "e.g. person.namePlain.first or address.country).")
                .arg(p);
        }
        return QString();
    }

    /// The paths trimmed, with duplicates removed, in the order given.
    static QStringList normalized(const QStringList& paths)
    {
        QStringList result;
        for (const QString& p : paths) {
            const QString t = p.trimmed();
            if (!t.isEmpty() && !result.contains(t))
                result << t;
        }
        return result;
    }

    /// The presets, in display order:
    /// - "identity-document": the names as an identity document shows them, in the local script
    ///   (person.namePlain.*) and in Latin letters (person.nameIntl.*);
    /// - "address": every field of the postal address (address.*);
    /// - "personal": every field of the person, contact and address branches (not business, not
    ///   additional), i.e. what ticking those three branches selects.
    static QList<Preset> presets()
    {
        const QStringList names =
            leaves(QStringLiteral("person.namePlain")) + leaves(QStringLiteral("person.nameIntl"));
        return {
            {QStringLiteral("identity-document"), tr("Identity document fields"),
             tr("The names as an identity document shows them, in the local script and in Latin letters."),
             names},
            {QStringLiteral("address"), tr("Address only"), tr("Every field of the postal address."),
             leaves(QStringLiteral("address"))},
            {QStringLiteral("personal"), tr("Everything personal"),
             tr("Every field of the person, contact and address sections."),
             leaves(QStringLiteral("person")) + leaves(QStringLiteral("contact")) +
                 leaves(QStringLiteral("address"))},
        };
    }

    /// A preset by id or (translated) name; nullopt when there is none.
    static std::optional<Preset> preset(const QString& idOrName)
    {
        for (const Preset& p : presets())
            if (p.id == idOrName || p.name.compare(idOrName, Qt::CaseInsensitive) == 0)
                return p;
        return std::nullopt;
    }

    /// The value at a path of a profile document. A path through a list gives an array of the
    /// values of every element; a missing value is undefined.
    static QJsonValue valueAt(const QJsonObject& document, const QString& path)
    {
        return valueIn(QJsonValue(document), path.split(QLatin1Char('.')), 0);
    }

    /// Sets the value at a path of a profile document, creating the objects on the way; a path
    /// through a list sets it in the list's first element (created when the list is empty).
    static void setValueAt(QJsonObject* document, const QString& path, const QJsonValue& value)
    {
        setIn(document, path.split(QLatin1Char('.')), 0, value);
    }

private:
    struct Node
    {
        const char* path;
        Kind kind;
        const char* label;
    };

    static bool isLeafKind(Kind k) { return k == Kind::Text || k == Kind::OpenObject; }

    /// The one definition of the document's offered nodes, in seed 003's order.
    static const QList<Node>& nodes()
    {
        static const QList<Node> list = {
            {"person", Kind::Group, QT_TR_NOOP("Person")},
            {"person.namePlain", Kind::Group, QT_TR_NOOP("Name (as written)")},
            {"person.namePlain.first", Kind::Text, QT_TR_NOOP("First name")},
            {"person.namePlain.last", Kind::Text, QT_TR_NOOP("Last name")},
            {"person.namePlain.middle", Kind::Text, QT_TR_NOOP("Middle name")},
            {"person.nameIntl", Kind::Group, QT_TR_NOOP("Name (Latin letters)")},
            {"person.nameIntl.first", Kind::Text, QT_TR_NOOP("First name")},
            {"person.nameIntl.last", Kind::Text, QT_TR_NOOP("Last name")},
            {"person.nameIntl.middle", Kind::Text, QT_TR_NOOP("Middle name")},
            {"person.description", Kind::Text, QT_TR_NOOP("Description")},
            {"contact", Kind::Group, QT_TR_NOOP("Contact")},
            {"contact.id", Kind::Text, QT_TR_NOOP("Contact id")},
            {"contact.nickname", Kind::Text, QT_TR_NOOP("Nickname")},
            {"contact.firstName", Kind::Text, QT_TR_NOOP("First name")},
            {"contact.lastName", Kind::Text, QT_TR_NOOP("Last name")},
            {"contact.address", Kind::Text, QT_TR_NOOP("Address")},
            {"contact.city", Kind::Text, QT_TR_NOOP("City")},
            {"contact.country", Kind::Text, QT_TR_NOOP("Country")},
            {"contact.postCode", Kind::Text, QT_TR_NOOP("Post code")},
            {"contact.email", Kind::Text, QT_TR_NOOP("E-mail")},
            {"contact.phoneNumber", Kind::Text, QT_TR_NOOP("Phone number")},
            {"contact.photoPath", Kind::Text, QT_TR_NOOP("Photo")},
            {"contact.socialMedias", Kind::List, QT_TR_NOOP("Social media accounts")},
            {"contact.socialMedias.id", Kind::Text, QT_TR_NOOP("Id")},
            {"contact.socialMedias.socialMediaType", Kind::Text, QT_TR_NOOP("Type")},
            {"contact.socialMedias.socialMediaReference", Kind::Text, QT_TR_NOOP("Reference")},
            {"contact.accountNumber", Kind::Text, QT_TR_NOOP("Account number")},
            {"contact.swiftBic", Kind::Text, QT_TR_NOOP("SWIFT / BIC")},
            {"contact.ownerId", Kind::Text, QT_TR_NOOP("Owner id")},
            {"contact.linkedUserId", Kind::Text, QT_TR_NOOP("Linked user id")},
            {"business", Kind::Group, QT_TR_NOOP("Business")},
            {"business.companyName", Kind::Text, QT_TR_NOOP("Company name")},
            {"business.legal", Kind::Text, QT_TR_NOOP("Legal form")},
            {"business.type", Kind::Text, QT_TR_NOOP("Business type")},
            {"business.vat", Kind::Text, QT_TR_NOOP("VAT number")},
            {"business.administrator", Kind::Group, QT_TR_NOOP("Administrator")},
            {"business.administrator.firstName", Kind::Text, QT_TR_NOOP("First name")},
            {"business.administrator.lastName", Kind::Text, QT_TR_NOOP("Last name")},
            {"business.administrator.email", Kind::Text, QT_TR_NOOP("E-mail")},
            {"business.administrator.phone", Kind::Text, QT_TR_NOOP("Phone")},
            {"address", Kind::Group, QT_TR_NOOP("Address")},
            {"address.country", Kind::Text, QT_TR_NOOP("Country")},
            {"address.zipCode", Kind::Text, QT_TR_NOOP("ZIP code")},
            {"address.city", Kind::Text, QT_TR_NOOP("City")},
            {"address.street", Kind::Text, QT_TR_NOOP("Street")},
            {"address.houseNumber", Kind::Text, QT_TR_NOOP("House number")},
            {"additional", Kind::OpenObject, QT_TR_NOOP("Additional data")},
        };
        return list;
    }

    static const Node* find(const QString& path)
    {
        for (const Node& n : nodes())
            if (path == QLatin1String(n.path))
                return &n;
        return nullptr;
    }

    static QJsonValue valueIn(const QJsonValue& value, const QStringList& keys, int at)
    {
        if (at == keys.size())
            return value;
        if (value.isArray()) {
            QJsonArray values;
            for (const QJsonValue& element : value.toArray()) {
                const QJsonValue v = valueIn(element, keys, at);
                if (!v.isUndefined())
                    values.append(v);
            }
            return values;
        }
        if (!value.isObject())
            return QJsonValue(QJsonValue::Undefined);
        return valueIn(value.toObject().value(keys.at(at)), keys, at + 1);
    }

    static void setIn(QJsonObject* object, const QStringList& keys, int at, const QJsonValue& value)
    {
        const QString& key = keys.at(at);
        if (at + 1 == keys.size()) {
            object->insert(key, value);
            return;
        }
        const QJsonValue existing = object->value(key);
        const bool list = existing.isArray() ||
                          (existing.isUndefined() && isList(keys.mid(0, at + 1).join(QLatin1Char('.'))));
        if (list) {
            QJsonArray list = existing.toArray();
            QJsonObject first = list.isEmpty() ? QJsonObject() : list.first().toObject();
            setIn(&first, keys, at + 1, value);
            if (list.isEmpty())
                list.append(first);
            else
                list.replace(0, first);
            object->insert(key, list);
            return;
        }
        QJsonObject child = existing.toObject();
        setIn(&child, keys, at + 1, value);
        object->insert(key, child);
    }
};
