// Package blstm classifies Fashion-MNIST images with a bidirectional-LSTM
// sequence model: each 28x28 image is read as 28 time steps (its rows) of
// 28 features (pixel/255), one LSTM reads the rows top to bottom and
// another bottom to top, and a dense layer with softmax gives the
// probabilities of the 10 classes (see Labels).
//
// Default returns a Classifier backed by the model embedded in this package
// (trained in Go by cmd/octet-train; see model/README.md), so it works
// with no download. New wraps any model of the same family: one [1,T,F]
// input of T rows of F values in [0,1] and one [1,C] output of class
// probabilities, each float32, or int8/uint8 with per-tensor quantization
// (the Classifier quantizes the input and dequantizes the output).
//
//	c, err := blstm.Default()
//	class, probs, err := c.Classify(rows) // rows: 28 rows of 28 values in [0,1]
//	fmt.Println(blstm.Labels()[class], probs[class])
//
// Images follow the dataset's polarity: a light object on a black
// background. ClassifyImage converts any image to grayscale and resizes it
// to the model's input; invert photos of dark objects on light backgrounds
// first (see Rows).
package blstm
