// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "BulkActionChoice.h"
#include "ConnectionProbe.h"
#include "ProfileField.h"
#include "domain/ConnectionProfile.h"
#include "domain/PolicyRule.h"
#include "net/HttpClientConfig.h"
#include "services/SearchSource.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>
#include <memory>

struct ActionRequest;
struct Subject;
class SubjectProfileService;
class ProfileFieldReader;
class QNetworkAccessManager;
class QObject;

/// An action's options as words: (KEY, VALUE) or (KEY, "") in the order given, e.g. a bulk row's
/// params cell "fraudulent=true" (docs/architecture.md section 6).
using ActionOptions = QList<QPair<QString, QString>>;

/// One provider, as the rest of the console knows it: everything that is not about a particular
/// provider asks the ProviderRegistry for its modules instead of naming providers
/// (docs/architecture.md section 1, docs/adding-a-provider.md). A module lives in
/// app/providers/<key>/ with the provider's wire module and client.
class ProviderModule
{
public:
    virtual ~ProviderModule() = default;

    /// The stable key: profile section, subject CSV column, audit and policy prefix.
    virtual QString key() const = 0;
    /// The provider's name for people (translated where it is translatable).
    virtual QString displayName() const = 0;
    /// True when the provider has a user search API the federated search can ask.
    virtual bool canSearch() const { return false; }
    /// The fields of this provider's section of a connection profile, in the editor's order.
    virtual QList<ProfileField> profileFields() const = 0;
    /// The value a field starts from in the profile editor, given the section's other values (an
    /// environment's hosts follow the environment chosen); empty when it has none.
    virtual QString defaultValue(const QString& field, const QMap<QString, QString>& section) const
    {
        Q_UNUSED(field)
        Q_UNUSED(section)
        return QString();
    }
    /// The profile field holding the provider's secret ("api_key", "password").
    QString secretField() const;
    /// The environment variable a profile file's missing secret is read from:
    /// IDENTITYDESK_<KEY>_<SECRET FIELD>.
    QString secretVariable() const;
    /// The profile's section as text by field name (secret included); empty when it has none.
    virtual QMap<QString, QString> sectionValues(const ConnectionProfile& profile) const = 0;
    /// Gives the profile this section from text by field name (a missing field is empty), unchecked.
    virtual void setSectionValues(ConnectionProfile* profile, const QMap<QString, QString>& values) const = 0;
    /// Reads and checks the section of a profile file (reader is on the section's object); the first
    /// problem goes to the reader. secretVariable: where a missing secret may come from, or empty.
    virtual void readSection(ProfileFieldReader& reader, const QString& secretVariable,
                             ConnectionProfile* profile) const = 0;
    /// The section's problems as the profile editor shows them, keyed "<key>.<field>"; secrets are
    /// checked only when requireSecrets is set.
    virtual void addProblems(const ConnectionProfile& profile, bool requireSecrets,
                             QMap<QString, QString>* problems) const = 0;
    /// True when this provider's section points at production.
    virtual bool isProduction(const ConnectionProfile& profile) const
    {
        Q_UNUSED(profile)
        return false;
    }
    /// The subject CSV columns this provider adds, in order: its key (the person's id there), then
    /// any column of its own.
    virtual QStringList subjectColumns() const { return {key()}; }
    /// Why the value of one of this provider's own subject columns (subjectColumns() after the key;
    /// the subject's attributes) cannot stand for subject, the row merged with the index, or empty.
    /// Every value has passed the grammar of ids already.
    virtual QString subjectColumnProblem(const QString& column, const Subject& subject) const
    {
        Q_UNUSED(column)
        Q_UNUSED(subject)
        return QString();
    }
    /// Why id cannot be a user id at this provider (its one grammar of ids, checked before anything
    /// is written or sent), or empty.
    virtual QString userIdProblem(const QString& id) const
    {
        Q_UNUSED(id)
        return QString();
    }
    /// Which field of a person's search record is their user id here when the index links none.
    enum class RecordId
    {
        None,        ///< the index's link only
        ReferenceId, ///< the partner's reference id (Smile ID's user_id is the partner's reference)
        Email,       ///< the e-mail address (a provider that names its users by e-mail)
    };
    virtual RecordId recordId() const { return RecordId::None; }
    /// True when the profile has a section for this provider.
    virtual bool isConfigured(const ConnectionProfile& profile) const = 0;
    /// This provider's client for the profile (a QObject that is also its ActionExecutor), owned by
    /// parent, sharing nam; null when the profile has no section for it.
    virtual QObject* createClient(const ConnectionProfile& profile, QNetworkAccessManager* nam,
                                  QObject* parent) const = 0;
    /// Federated search's source for this provider, asking client (made by createClient(), not owned);
    /// null when the provider cannot search or client is null.
    virtual std::unique_ptr<SearchSource> createSearchSource(QObject* client) const
    {
        Q_UNUSED(client)
        return nullptr;
    }
    /// Among the providers that can search, the lower asks first when a command names none.
    virtual int searchPriority() const { return 0; }
    /// The approval policy's rules for this provider's actions, in display order
    /// (docs/architecture.md section 2).
    virtual QList<PolicyRule> policyRules() const = 0;
    /// The policy key of one of its requests: "<provider>.<action>", or for an action that
    /// policyParameters() names, "<provider>.<that parameter's value>". An enforced team store derives
    /// the same key on the server (admin init copies policyParameters() into it).
    QString policyKey(const ActionRequest& request) const;
    /// Actions governed by the value of one of their parameters rather than as a whole: action →
    /// parameter (a flag action governed per flag). None by default.
    virtual QHash<QString, QString> policyParameters() const { return {}; }
    /// Whether the console asks for the operator's password again before submitting this request
    /// (step-up): destructive or hard-to-undo actions, as admin consoles do for protected actions.
    virtual bool needsStepUp(const ActionRequest& request) const
    {
        Q_UNUSED(request)
        return false;
    }

    /// The grammar of this provider's action parameters: the options of an action (a bulk row's params
    /// cell, the CLI command's options without dashes) as the request's params; empty with *problem set
    /// when they are wrong. An action the provider does not have: empty with no problem (the bulk dry
    /// run names it).
    virtual QJsonObject parseOptions(const QString& action, const ActionOptions& options,
                                     QString* problem) const
    {
        Q_UNUSED(action)
        Q_UNUSED(options)
        Q_UNUSED(problem)
        return QJsonObject();
    }
    /// The actions a bulk job may apply to people picked in the search table.
    virtual QList<BulkActionChoice> bulkActions() const { return {}; }
    /// The options of a request's params, the inverse of parseOptions() ("fraudulent=true").
    virtual QStringList formatOptions(const ActionRequest& request) const
    {
        Q_UNUSED(request)
        return QStringList();
    }
    /// What the action does to the person, in plain words with the provider's own consequence, naming
    /// the person and the id they have here: "Mark Nakato Silva (Smile ID REF-000253) as fraudulent:
    /// Smile ID keeps processing their jobs but marks every one failed". person may be empty (then the
    /// id alone names them). The action dialog, Approvals, Unresolved, Jobs and result banners all say
    /// this. The default names the action word, the person and the id.
    virtual QString describeAction(const ActionRequest& request, const QString& person) const;
    /// "Nakato Silva (Smile ID REF-000253)", or "Smile ID REF-000253" with no person: how
    /// describeAction() names the target.
    QString target(const ActionRequest& request, const QString& person) const;

    /// "'KEY' is not an option of PROVIDER ACTION.", for parseOptions().
    QString unknownOption(const QString& option, const QString& action) const;

    /// The sections this provider adds to the 360 view of a person (SubjectProfileService), in display
    /// order: its key, then any of its own ("<key>_jobs"); none by default.
    virtual QStringList profileSections() const { return {}; }
    /// Loads them for service's subject: each is set Loading/Ok/Unavailable/Error through
    /// service.setSection(); a request in flight is service.track()ed until service.sectionDone().
    virtual void loadProfileSections(SubjectProfileService& service) const { Q_UNUSED(service) }
    /// What this provider adds to the 360 view's "subject" section (e.g. Smile ID's job id).
    virtual QJsonObject subjectFields(const Subject& subject) const
    {
        Q_UNUSED(subject)
        return QJsonObject();
    }

    /// The client settings of a connection test: the profile's CA certificates, the pin, one attempt.
    static HttpClientConfig probeConfig(const QString& provider, const QUrl& base,
                                        const ConnectionProfile& profile, const QString& pin, int timeoutMs);
    /// One harmless authenticated call proving the profile's section works: every object it needs is
    /// created under owner (deleted by the caller when done), on nam, with a single attempt.
    virtual ConnectionProbe probe(const ConnectionProfile& profile, QNetworkAccessManager* nam,
                                  QObject* owner, int timeoutMs) const = 0;
};
