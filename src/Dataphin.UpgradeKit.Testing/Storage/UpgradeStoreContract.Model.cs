using Dataphin.UpgradeKit.Testing.Checks;
using Dataphin.UpgradeKit.Testing.Model;

namespace Dataphin.UpgradeKit.Testing.Storage;

public abstract partial class UpgradeStoreContract
{
    /// <summary>How many generated histories the model-based property runs on this store.</summary>
    protected virtual int ModelHistoryCount => 60;

    /// <summary>How many generated races the race property runs on this store.</summary>
    protected virtual int ModelRaceCount => 30;

    /// <summary>
    /// Property: for fixed tours through every status under the default rules, then generated operator histories under
    /// generated rules, every request's outcome on this store (record, error and reason, audit entries, notifications,
    /// actions offered to each operator) equals the reference model's.
    /// </summary>
    // R-ACT-1..3, R-SM-1..7, R-RULE-1..2, R-TIME-2, R-REC-2.
    [StoreFact]
    public async Task Histories_EveryOutcomeEqualsTheReferenceModel_R_ACT_2_R_SM_1_R_RULE_2_R_TIME_2()
    {
        var store = await NewStoreAsync();
        await ModelChecks.CheckToursAsync(store, rules: null);
        ModelChecks.CheckHistories(store, ModelHistoryCount);
    }

    /// <summary>
    /// Property: two operators acting on one record with the version both saw: exactly one wins, as the model says; the
    /// other gets a typed conflict, audited, and nothing of it is applied.
    /// </summary>
    // SPEC §9 (concurrency), R-SM-2, R-HOST-1.
    [StoreFact]
    public async Task Race_TwoOperatorsOneVersion_ExactlyOneWinsLoserGetsTypedConflict_R_SM_2()
    {
        var store = await NewStoreAsync();
        ModelChecks.CheckRaces(store, ModelRaceCount);
    }
}
