// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/SubjectProfileService.h"

#include <QList>
#include <QMap>
#include <QPair>
#include <QPointer>
#include <QStringList>
#include <QWidget>

class ProfileSectionBox;
class ProviderSectionView;
class QLabel;
class QPushButton;
class Session;

/// The 360 view of the selected person (SubjectProfileService): the subject's ids, then one section
/// per provider (Smile ID flags as last recorded, the Smile ID enrollment job, SDK.Finance,
/// …) and the person's audit history and pending approvals. Each section shows
/// its own loading or error state; a Smile ID answer with a bad signature is a security warning.
class SubjectProfileView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SubjectProfileView)

public:
    explicit SubjectProfileView(QWidget* parent = nullptr);
    ~SubjectProfileView() override;

    /// Replaces the service (null: none), which the view takes as its child; its session (which may be
    /// null) is the one the providers' sections use.
    void setService(SubjectProfileService* service);
    /// Loads a subject reference (provider empty) or a provider's id.
    /// knownIds: as SubjectProfileService::load().
    void load(const QString& id, const QString& provider = QString(),
              const QMap<QString, QString>& knownIds = {});
    void clear();
    /// Whether "Link to…" may be used; `why` is the tooltip when it may not.
    void setLinkAllowed(bool allowed, const QString& why);

    SubjectProfileService* service() const { return m_service; }
    ProfileSectionBox* section(const QString& key) const { return m_sections.value(key); }
    /// The security warning shown (empty when none).
    QString securityWarning() const;

signals:
    /// The officer asked to link the shown person to a subject.
    void linkRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    /// Each section's key and title, in display order.
    QList<QPair<QString, QString>> sectionTitles() const;
    /// The provider's view that shows this section; null for the view's own (audit, approvals).
    ProviderSectionView* viewOf(const QString& key) const;
    void onSection(const QString& key, SubjectProfileService::SectionState state);
    void render(const QString& key);
    void renderSubject();
    /// Loads the person again with the providers' details on demand (ProviderSectionView).
    void loadWithDetails(bool history, bool imageLinks);

    QPointer<SubjectProfileService> m_service;
    QString m_id;
    QString m_provider;
    QMap<QString, QString> m_knownIds;
    QLabel* m_title;
    QLabel* m_ids;
    QLabel* m_security;
    QPushButton* m_link;
    QList<ProviderSectionView*> m_views; ///< one per provider with sections (UiProviderRegistry)
    QPointer<Session> m_session;
    QMap<QString, ProfileSectionBox*> m_sections;
};
