using PruneTheory.Networks;
using PruneTheory.Pruning.BiasCompensation;
using PruneTheory.Random;

namespace PruneTheory.ProofsSim.Claims.BiasCompensation;

/// <summary>
/// The synthetic setup of spec §9: teacher y = sin(x W1ᵀ + 0.5) W2ᵀ + 0.3 (W1 ∈ R^{32×8} ~ N(0, 1/8), W2 ∈ R^{4×32} ~ N(0, 1/32)),
/// x ~ U[−1,1]^8 (tanh) or U[0,1]^8 (ReLU), training targets with N(0, 0.02²) noise, clean test targets; student
/// 8-48-48-4 with W ~ N(0, 1/fan_in), b ~ N(0, 0.01²), trained full-batch with Adam (lr 3e-3, then 1e-3 for the last third).
/// </summary>
public static class TeacherStudent
{
    public static (CalibrationSet Train, CalibrationSet Test) Data(HiddenActivation act, int train, int test, RngKey key)
    {
        var s = key.FoldIn("teacher").Stream();
        var w1 = new double[32 * 8]; var w2 = new double[4 * 32];
        for (int q = 0; q < w1.Length; q++) w1[q] = s.NextGaussian() / Math.Sqrt(8);
        for (int q = 0; q < w2.Length; q++) w2[q] = s.NextGaussian() / Math.Sqrt(32);
        CalibrationSet Make(int n, double noise, string label)
        {
            var r = key.FoldIn(label).Stream();
            var x = new double[n * 8]; var y = new double[n * 4]; var h = new double[32];
            double lo = act == HiddenActivation.Relu ? 0 : -1;
            for (int p = 0; p < n; p++)
            {
                for (int j = 0; j < 8; j++) x[p * 8 + j] = r.NextUniform(lo, 1);
                for (int i = 0; i < 32; i++) { double z = 0.5; for (int j = 0; j < 8; j++) z += w1[i * 8 + j] * x[p * 8 + j]; h[i] = Math.Sin(z); }
                for (int k = 0; k < 4; k++) { double v = 0.3; for (int i = 0; i < 32; i++) v += w2[k * 32 + i] * h[i]; y[p * 4 + k] = v + noise * r.NextGaussian(); }
            }
            return new CalibrationSet(x, y, n, 8, 4, CalibrationLoss.HalfSquaredError);
        }
        return (Make(train, 0.02, "train"), Make(test, 0, "test"));
    }

    /// <summary>Cache kind of the trained students; bump when training changes.</summary>
    public const string ModelKind = "biascomp-student-v1";

    /// <summary>
    /// Trains the 8-48-48-4 student full-batch (or takes it from the model cache under <paramref name="cacheKey"/>, which
    /// must name everything training reads); returns it as a float64 <see cref="Mlp"/>.
    /// </summary>
    public static Mlp Train(CalibrationSet train, HiddenActivation act, int steps, RngKey key, CancellationToken cancel, object cacheKey)
    {
        int[] sizes = [8, 48, 48, 4];
        Sequential Build()
        {
            var s = key.FoldIn("student").Stream();
            var w = new double[3][]; var b = new double[3][];
            for (int l = 0; l < 3; l++)
            {
                w[l] = new double[sizes[l + 1] * sizes[l]]; b[l] = new double[sizes[l + 1]];
                for (int q = 0; q < w[l].Length; q++) w[l][q] = s.NextGaussian() / Math.Sqrt(sizes[l]);
                for (int q = 0; q < b[l].Length; q++) b[l][q] = 0.01 * s.NextGaussian();
            }
            var model = EngineAdapter.BuildSequential(sizes, act, key.FoldIn("unused-init"), InitScheme.PyTorchDefault);
            EngineAdapter.CopyInto(new Mlp(sizes, w, b, act), model);
            return model;
        }
        void Fit(Sequential model)
        {
            var data = new LabeledData(new Tensor([train.Count, 8], EngineAdapter.ToFloat(train.X)), targets: new Tensor([train.Count, 4], EngineAdapter.ToFloat(train.Y)));
            var adam = new Adam(model.Parameters, 3e-3);
            int first = steps * 2 / 3;
            var full = new TrainOptions(first, train.Count, Shuffle: false);
            Trainer.Fit(model, data, adam, LossKind.MeanSquaredError, full, key.FoldIn("batches"), cancel: cancel);
            adam.LearningRate = 1e-3;
            Trainer.Fit(model, data, adam, LossKind.MeanSquaredError, full with { Epochs = steps - first }, key.FoldIn("batches"), cancel: cancel);
        }
        return EngineAdapter.ToMlp(TrainedModels.GetOrTrain(ModelKind, cacheKey, Build, Fit));
    }
}
