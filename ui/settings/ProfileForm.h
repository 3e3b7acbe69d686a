// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ConnectionProfile.h"

#include <QHash>
#include <QWidget>

class ProviderModule;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;

/// Edits one connection profile: general settings and one tab per provider, each field checked as
/// it is typed (the problem shown under it), and a "Test connection" button per provider. Field
/// widgets are named after the profile-file keys ("<provider>.<field>") for tests and tools.
class ProfileForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileForm)

public:
    explicit ProfileForm(QWidget* parent = nullptr);

    void setProfile(const ConnectionProfile& profile);
    /// The profile as typed (secrets included, CA certificates not read).
    ConnectionProfile profile() const;
    /// Fills one secret when the secret store answers.
    void setSecret(const QString& provider, const QString& value);
    /// Every problem of the form, keyed like ProfileValidator (empty: can be saved).
    QMap<QString, QString> problems() const;
    /// The shown problem of one field ("<provider>.<field>"), empty when none.
    QString fieldProblem(const QString& key) const;
    QLineEdit* field(const QString& key) const { return m_edits.value(key); }
    void showTestRunning(const QString& provider);
    void showTestResult(const QString& provider, bool ok, const QString& message);

signals:
    void testRequested(const QString& provider);
    void changed();

private:
    QWidget* addField(QWidget* page, class QFormLayout* form, const QString& key, const QString& label,
                      bool secret = false);
    QWidget* buildGeneral();
    /// One provider's tab, built from its module's profile fields.
    QWidget* buildProvider(const ProviderModule* module);
    void validate(const QString& key);
    QString check(const QString& key, const QString& text) const;
    bool sectionOn(const QString& provider) const;
    /// The section's values as typed, by field name (trimmed unless verbatim, secret or a URL).
    QMap<QString, QString> typedValues(const ProviderModule* module) const;
    /// Fields that hold the default of the section's previous choices (or nothing) take the default of
    /// its current ones (Smile ID's hosts follow its environment); a value the user typed stays.
    void followDefaults(const ProviderModule* module);

    QTabWidget* m_tabs;
    QComboBox* m_environment = nullptr;
    QHash<QString, QComboBox*> m_choices;              ///< "<provider>.<field>" of a field with choices
    QHash<QString, QMap<QString, QString>> m_followed; ///< provider → values its defaults last followed
    QHash<QString, QLineEdit*> m_edits;
    QHash<QString, QLabel*> m_errors;
    QHash<QString, QGroupBox*> m_sections;
    QHash<QString, QPushButton*> m_testButtons;
    QHash<QString, QLabel*> m_testResults;
    QString m_id;
};
