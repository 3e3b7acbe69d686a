// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/ProviderSectionView.h"

#include <QPointer>
#include <QStringList>

class QPushButton;
class SmileIdJobsSection;
class QWidget;

/// Smile ID's sections of the 360 view: its flags as last recorded (with badges for what matters),
/// and the enrollment job's decision with "Load history and image links" and its selfie and liveness
/// images shown as pictures on demand (in memory only, never written to disk).
class SmileIdSectionView final : public ProviderSectionView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmileIdSectionView)

public:
    explicit SmileIdSectionView(QObject* parent = nullptr);

    QList<QPair<QString, QString>> titles() const override;
    void attach(const QMap<QString, ProfileSectionBox*>& boxes) override;
    void setSession(Session* session) override;
    void render(const QString& key, const ProfileSection* content, ProfileSectionBox* box) override;
    void stateChanged(const QString& key, SubjectProfileService::SectionState state,
                      const ProfileSection* content, ProfileSectionBox* box) override;
    QString subjectLine(const Subject& subject) const override;
    void clear() override;
    void retranslate() override;

private:
    /// A flag in words ("is_fraudulent" → "Marked fraudulent").
    static QString flagWords(const QString& flag);
    QString renderJobs(const SmileIdJobsSection& jobs);
    /// Asks Smile ID for each image of the job and shows it as a picture beside the decision.
    void showImages();
    void clearImages();

    QPointer<Session> m_session;
    QPushButton* m_jobDetails = nullptr;
    QPushButton* m_showImages = nullptr;
    QWidget* m_images = nullptr; ///< the pictures, in memory only
    QStringList m_imageLinks;    ///< from the last verified job status with image links
};
